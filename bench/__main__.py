"""``python -m bench SUBCOMMAND [options]``: one entry point for every benchmark.

Subcommands are imported lazily, so one benchmark's dependencies (htmldate, Scrapy, nginx...) never
burden another. To add one, map its name to ``"module:function"`` taking argv and returning an exit code.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

COMMANDS: dict[str, tuple[str, str]] = {
    "dates": ("bench.dates:main", "日期读取：检测器 read_list 与 htmldate 的准确率和每页耗时"),
    "crawl": ("bench.crawl:main", "抓取吞吐与内存：freshwatch 对 Scrapy、linkchecker、lychee"),
    "profile": ("bench.profile:main", "py-spy 剖析一次 freshwatch 抓取，列出耗时最多的函数"),
    "weak": ("bench.weak:main", "弱服务器（监听队列 5）下全并发抓取，统计误报"),
    "scale": ("bench.scale:main", "单进程、每核一进程、两个 Celery 节点：页/秒、每页 CPU、队列开销"),
    "discover": ("bench.discover:main", "栏目发现：找到应登记栏目的比例与类别准确率（生成首页 + 演示站点）"),
    "content": ("bench.content:main", "内容检查（个人信息、错别字、解读、征求意见）：准确率与每页 CPU 开销"),
}


def _usage() -> str:
    lines = ["用法: python -m bench 子命令 [选项]", "", "子命令:"]
    lines += [f"  {name:<8}{help_text}" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(lines)


def _resolve(target: str) -> Callable[[list[str]], int]:
    module_name, func_name = target.split(":")
    func: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return func


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    if args[0] not in COMMANDS:
        print(f"未知子命令: {args[0]}\n\n{_usage()}", file=sys.stderr)
        return 2
    return _resolve(COMMANDS[args[0]][0])(args[1:])


if __name__ == "__main__":
    sys.exit(main())
