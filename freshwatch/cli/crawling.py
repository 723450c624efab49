"""``crawl``, ``probe`` and ``explain``: the commands that touch the network."""

from __future__ import annotations

import asyncio
import signal
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from freshwatch.app.clock import local_today, utc_now
from freshwatch.app.context import App
from freshwatch.app.crawl_job import collect_garbage_for_crawling, default_processes, run_crawl, run_probe
from freshwatch.app.errors import InputError
from freshwatch.app.read_models import selected_units
from freshwatch.cli.output import echo, print_json, print_table, say
from freshwatch.cli.params import parse_day, pass_app
from freshwatch.cli.progress import CrawlBar
from freshwatch.config.keys import ColumnKey
from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Category, CrawlSettings, Rulebook
from freshwatch.crawler.run import CrawlSummary, fetch_page
from freshwatch.crawler.types import Fetch
from freshwatch.detectors.types import ListReading
from freshwatch.reports.wording import error_label, period_label, state_label, unreachable_label
from freshwatch.scoring.freshness import column_status
from freshwatch.scoring.types import ColumnHistory, ColumnStatus


@click.command()
@click.option("--unit", "units", multiple=True, metavar="ID", help="只抓取这些单位（可重复）")
@click.option("--json", "as_json", is_flag=True, help="不显示进度，输出机器可读的 JSON 摘要")
@click.option(
    "--processes",
    type=click.IntRange(1, 256),
    metavar="N",
    help="用 N 个进程并行抓取（默认每个处理器核心一个；1 为单进程）",
)
@pass_app
def crawl(app: App, units: tuple[str, ...], as_json: bool, processes: int | None) -> None:
    """抓取各单位网站：首页、栏目列表及其链接。"""
    config = app.config()
    selected_units(config, units)  # unknown ids fail before any request
    app.remember_registry()
    collect_garbage_for_crawling()
    show_bar = not as_json and sys.stderr.isatty()
    summary = asyncio.run(
        _crawl_until_signal(app, units, show_bar=show_bar, processes=default_processes(config, processes))
    )
    if as_json:
        print_json(summary_dict(summary))
    else:
        say(summary_line(summary))


async def _crawl_until_signal(
    app: App, units: tuple[str, ...], *, show_bar: bool, processes: int
) -> CrawlSummary:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        with CrawlBar(enabled=show_bar) as bar:
            progress = bar.update if show_bar else None
            return await run_crawl(
                app.config(),
                app.store(),
                units=units or None,
                stop=stop,
                progress=progress,
                processes=processes,
            )
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def summary_dict(summary: CrawlSummary) -> dict[str, object]:
    return {
        "sites": summary.sites,
        "pages": summary.pages,
        "requests": summary.requests,
        "links_checked": summary.links_checked,
        "broken": summary.broken,
        "seconds": round(summary.seconds, 3),
        "interrupted": summary.interrupted,
        "incomplete_sites": list(summary.incomplete_sites),
    }


def summary_line(summary: CrawlSummary) -> str:
    state = "已中断（已抓取的数据已保存）" if summary.interrupted else "抓取完成"
    line = (
        f"{state}：{summary.sites} 个站点，{summary.pages} 个页面，检查链接 {summary.links_checked} 个，"
        f"失效 {summary.broken} 个，请求 {summary.requests} 次，用时 {summary.seconds:.1f} 秒"
    )
    if summary.incomplete_sites and not summary.interrupted:
        line += f"\n注意：{len(summary.incomplete_sites)} 个站点未能完整抓取（错误已记录）：" + "、".join(
            summary.incomplete_sites
        )
    return line


@click.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_app
def probe(app: App, as_json: bool) -> None:
    """立即探测各站点首页的可用性（守护进程每 30 分钟执行一次）。"""
    results = asyncio.run(run_probe(app.config(), app.store()))
    if as_json:
        print_json(
            [
                {
                    "unit": p.unit_id,
                    "site": p.site_home,
                    "status": p.status,
                    "error": p.error.value if p.error else None,
                    "ttfb": p.ttfb,
                    "elapsed": p.elapsed,
                }
                for p in results
            ]
        )
        return
    names = {u.id: u.name for u in app.config().units}
    print_table(
        f"首页可用性探测（{len(results)} 个站点，{sum(1 for p in results if not p.ok)} 个不可访问）",
        ["单位", "站点首页", "结果", "用时"],
        [
            (
                names.get(p.unit_id, p.unit_id),
                p.site_home,
                "可访问" if p.ok else f"不可访问（{error_label(p.error, p.status)}）",
                f"{p.elapsed:.2f} 秒" if p.elapsed is not None else "-",
            )
            for p in results
        ],
    )


@click.command()
@click.argument("target", metavar="网址或文件")
@click.option(
    "--category",
    type=click.Choice([c.value for c in Category]),
    default="news",
    show_default=True,
    help="栏目类别：按该类别的更新期限判断列表的最新日期是否超期",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="以该日期为今天（晚于它的日期视为笔误）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_app
def explain(app: App, target: str, category: str, today_text: str | None, as_json: bool) -> None:
    """说明检测器在一个页面上看到了什么：选中的列表、每条信息的日期及来源、被排除的日期。"""
    from freshwatch.detectors.explain import explain_list
    from freshwatch.detectors.page import parse_page

    configured = app.has_config_file()  # a page check needs no database: none is opened without one
    today = parse_day(today_text, "--today") or local_today(app.config() if configured else None)
    try:
        url, text = _load_target(app, target, configured=configured)
    except PageUnreachable as failed:
        _report_unreachable(failed, as_json=as_json)
        raise click.exceptions.Exit(1) from None
    explanation = explain_list(parse_page(text, url), today=today)
    rulebook = app.rulebook() if configured else load_rulebook(None)
    status = _list_status(explanation.reading, Category(category), url, rulebook, today)
    if as_json:
        print_json(asdict(explanation) | {"freshness": _freshness_json(status, rulebook)})
        return
    for line in explanation.lines():
        echo(line)
    for line in _freshness_lines(status, rulebook, today):
        echo(line)


def _list_status(
    reading: ListReading, category: Category, url: str, rulebook: Rulebook, today: date
) -> ColumnStatus:
    """The list judged as if it were a column of ``category`` that one crawl read today."""
    updates = tuple(sorted({item.published for item in reading.items if item.published is not None}))
    history = ColumnHistory(
        key=ColumnKey("", "", "", url, category),
        updates=updates,
        last_verdict=reading.verdict,
    )
    return column_status(history, rulebook, as_of=today)


def _freshness_lines(status: ColumnStatus, rulebook: Rulebook, today: date) -> list[str]:
    category = status.history.category
    rule = rulebook.rule_for(category)
    if rule is None:
        return [
            f"类别 {category.label}（{category.value}）在规则 {rulebook.name} 中没有更新期限，不判断是否超期"
        ]
    lines = [
        f"类别 {category.label}（{category.value}）的更新期限（规则 {rulebook.name}）：{period_label(rule.period)}，"
        f"到期前 {period_label(rule.remind)} 提醒，超期每次扣 {rule.deduct:g} 分"
    ]
    if status.latest is not None and status.due is not None:
        lines.append(f"最新发布日期 {status.latest}，应于 {status.due} 前更新")
    lines.append(f"截至 {today}：{state_label(status.state.value)}")
    return lines


def _freshness_json(status: ColumnStatus, rulebook: Rulebook) -> dict[str, object]:
    rule = rulebook.rule_for(status.history.category)
    return {
        "category": status.history.category.value,
        "rulebook": rulebook.name,
        "period": str(rule.period) if rule else None,
        "remind": str(rule.remind) if rule else None,
        "latest_date": status.latest,
        "due_date": status.due,
        "state": status.state.value,
    }


def _load_target(app: App, target: str, *, configured: bool) -> tuple[str, str]:
    """A URL is fetched like the crawler would; a local file is decoded the same way."""
    from freshwatch.crawler.decode import decode_body

    path = Path(target.removeprefix("file://"))
    if not target.startswith(("http://", "https://")):
        if not path.is_file():
            raise InputError(
                f"{target} 既不是 http(s) 网址，也不是存在的文件（目录不行，请指定一个页面文件）"
            )
        data = path.read_bytes()
        return path.resolve().as_uri(), decode_body(data, content_type="text/html").text
    settings = app.config().crawl if configured else CrawlSettings()
    fetched = asyncio.run(fetch_page(target, settings, now=utc_now))
    if not fetched.ok or fetched.text is None or (fetched.status or 0) >= 400:
        raise PageUnreachable(fetched)
    return fetched.final_url, fetched.text


class PageUnreachable(Exception):
    """The page could not be read the way the crawl reads it (an HTTP error, a timeout, a binary)."""

    def __init__(self, fetched: Fetch) -> None:
        super().__init__(fetched.url)
        self.fetched = fetched


def _report_unreachable(failed: PageUnreachable, *, as_json: bool) -> None:
    """The same verdict the crawl gives the column: 无法访问, with the status or the reason."""
    fetched = failed.fetched
    if as_json:
        print_json(
            {
                "url": fetched.url,
                "final_url": fetched.final_url,
                "state": "unreachable",
                "status": fetched.status,
                "error": fetched.error.value if fetched.error else "bad_content",
            }
        )
        return
    echo(f"{fetched.url}：{unreachable_label(fetched.error, fetched.status)}")
    if fetched.error is None and (fetched.status or 0) < 400:
        click.echo("（不是可读取的网页文本，如图片或附件）")


COMMANDS = [crawl, probe, explain]
