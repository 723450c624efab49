"""``python -m bench discover``: column discovery against the columns a person would register.

Two corpora, each served on 127.0.0.1 and read through ``discover_site`` as the CLI does: the generated
home pages of ``tests/discovery`` (12 templates, 2 sites each; truth in tests/discovery/manifest.json)
and the demo farm's 28 sites (truth in freshwatch/demo/truth.py).  Prints, per template and overall:
found (the right list URL among the proposed list pages), category right (among the found), and
precision (found / list pages proposed).  ``--json FILE`` merges the figures under ``discover``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from freshwatch.app.discovery import Discovery, discover_site_sync
from freshwatch.config.column_words import load_column_words
from freshwatch.config.models import CrawlSettings
from freshwatch.demo.running import Farm
from tests.discovery.accuracy import Score, demo_cases, generated_cases, measure, total
from tests.discovery.farm import serve_sites


def _run(cases: list, seconds: list[float], checked: list[int]) -> dict[str, Score]:  # type: ignore[type-arg]
    words = load_column_words()
    settings = CrawlSettings(retries=0)

    def discover(home: str, today: date) -> Discovery:
        started = time.perf_counter()
        found = discover_site_sync(home, settings=settings, today=today, words=words)
        seconds.append(time.perf_counter() - started)
        checked.append(len(found.columns))
        return found

    return measure(discover, cases)


def _line(name: str, score: Score) -> str:
    return (
        f"{name:<20} 栏目 {score.columns:>4}  找到 {score.found:>4} ({score.found_ratio:6.1%})  "
        f"类别正确 {score.category_right:>4} ({score.category_ratio:6.1%})  精确率 {score.precision:6.1%}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench discover", description=__doc__)
    parser.add_argument("--json", metavar="FILE", help="把结果合并写入该 JSON 文件的 discover 键")
    args = parser.parse_args(argv)
    seconds: list[float] = []
    checked: list[int] = []
    with serve_sites() as served:
        generated = _run(generated_cases(served), seconds, checked)
        templates = len({s.site.template for s in served})
    with Farm() as farm:
        demo = _run(demo_cases(farm), seconds, checked)
    scores = {**generated, **demo}
    for name, score in scores.items():
        print(_line(name, score))
    overall = total(scores)
    print("-" * 96)
    print(_line(f"生成的首页（{templates} 种模板）", total(generated)))
    print(_line("演示站点（28 个）", total(demo)))
    print(_line("合计", overall))
    print(f"每个站点用时中位数 {statistics.median(seconds):.3f} 秒（{len(seconds)} 个站点）")
    print(f"每个站点检查的候选地址中位数 {statistics.median(checked):g} 个（每个取一次）")
    for miss in overall.misses:
        print("未找到:", miss)
    for wrong in overall.wrong_category:
        print("类别错误:", wrong)
    if args.json:
        path = Path(args.json)
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data["discover"] = {
            "columns": overall.columns,
            "found": overall.found,
            "found_ratio": round(overall.found_ratio, 4),
            "category_ratio": round(overall.category_ratio, 4),
            "precision": round(overall.precision, 4),
            "median_seconds_per_site": round(statistics.median(seconds), 4),
            "median_candidates_checked_per_site": statistics.median(checked),
            "templates": templates,
            "sites": len(seconds),
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if overall.found_ratio >= 0.95 and overall.category_ratio >= 0.90 else 1
