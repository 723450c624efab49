"""``python -m bench dates``: the freshness detector against htmldate on the same list pages.

Both get the same decoded text, URL and crawl day (htmldate through ``max_date``), and both are timed from
text to date, parsing included. Each page runs several times, interleaved, and the per-page median counts,
so a busy shared machine skews neither side. htmldate runs in every option combination first and keeps its
best: the comparison is with htmldate at its best, not with its defaults.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.pages import BenchPage, corpus_pages, realdata_pages


@dataclass(frozen=True, slots=True)
class Reading:
    latest: date | None
    verdict: str | None = None  # only the detector says
    dates: tuple[date, ...] | None = None  # dated items in page order, only the detector says
    error: str | None = None


Reader = Callable[[BenchPage], Reading]


class DetectorUnavailable(Exception):
    """The detector cannot be imported yet (it is written in parallel with this bench)."""


def detector_reader() -> Reader:
    try:
        from freshwatch.detectors.listing import read_list
        from freshwatch.detectors.page import parse_page
    except ImportError as exc:
        raise DetectorUnavailable(f"detectors.listing.read_list 无法导入（{exc}）") from exc

    def read(page: BenchPage) -> Reading:
        reading = read_list(parse_page(page.text, page.url), today=page.today)
        dated = tuple(i.published for i in reading.items if i.published is not None)
        return Reading(latest=reading.latest, verdict=str(reading.verdict), dates=dated)

    return read


def htmldate_reader(extensive_search: bool, original_date: bool) -> Reader:
    from htmldate import find_date

    def read(page: BenchPage) -> Reading:
        found = find_date(
            page.text,
            url=page.url,
            extensive_search=extensive_search,
            original_date=original_date,
            max_date=page.today.isoformat(),
        )
        return Reading(latest=date.fromisoformat(found) if found else None)

    read.reset = _cold_htmldate  # type: ignore[attr-defined]
    return read


def _cold_htmldate() -> None:
    """Forget what htmldate memoised about earlier runs of the same text.

    htmldate keeps unbounded ``lru_cache``s keyed by the strings it has seen (date expressions,
    candidate validation).  Repeating a page would otherwise time a cache hit, not a reading: a
    crawler meets each page once.  Its one-off setup caches (parsers, month names) stay warm.
    """
    from htmldate import extractors, validators

    for cached in (extractors.try_date_expr, validators._parse_and_validate, validators.filter_ymd_candidate):
        cached.cache_clear()


HTMLDATE_CONFIGS = [(ext, orig) for ext in (True, False) for orig in (False, True)]


@dataclass(slots=True)
class Tally:
    """One reader's results over the pages: what it read and how long each page took (median of runs)."""

    name: str
    readings: dict[str, Reading] = field(default_factory=dict)
    ms: dict[str, float] = field(default_factory=dict)

    def correct(self, pages: list[BenchPage]) -> list[BenchPage]:
        return [p for p in pages if self.readings[p.id].latest == p.latest and not self.readings[p.id].error]

    def accuracy(self, pages: list[BenchPage]) -> float:
        return len(self.correct(pages)) / len(pages) if pages else 0.0

    def median_ms(self) -> float:
        return statistics.median(self.ms.values()) if self.ms else 0.0


def _run_once(reader: Reader, page: BenchPage) -> tuple[Reading, float]:
    reset = getattr(reader, "reset", None)
    if reset is not None:
        reset()  # outside the timed region
    start = time.perf_counter()
    try:
        reading = reader(page)
    except Exception as exc:  # a crash on one page is a miss, not the end of the benchmark
        reading = Reading(latest=None, error=f"{type(exc).__name__}: {exc}")
    return reading, (time.perf_counter() - start) * 1000


def measure(pages: list[BenchPage], readers: dict[str, Reader], repeats: int) -> dict[str, Tally]:
    """Interleave the readers page by page so machine load hits them alike."""
    tallies = {name: Tally(name) for name in readers}
    for page in pages:
        runs: dict[str, list[float]] = {name: [] for name in readers}
        for _ in range(repeats):
            for name, reader in readers.items():
                reading, ms = _run_once(reader, page)
                tallies[name].readings[page.id] = reading
                runs[name].append(ms)
        for name in readers:
            tallies[name].ms[page.id] = statistics.median(runs[name])
    return tallies


def best_htmldate(pages: list[BenchPage]) -> tuple[tuple[bool, bool], list[dict[str, Any]]]:
    """Every option combination once; the most accurate wins (ties: the faster)."""
    trials: list[dict[str, Any]] = []
    for ext, orig in HTMLDATE_CONFIGS:
        tally = measure(pages, {"h": htmldate_reader(ext, orig)}, repeats=1)["h"]
        trials.append(
            {
                "extensive_search": ext,
                "original_date": orig,
                "accuracy": round(tally.accuracy(pages), 4),
                "median_ms": round(tally.median_ms(), 3),
            }
        )
    best = max(trials, key=lambda t: (t["accuracy"], -t["median_ms"]))
    return (bool(best["extensive_search"]), bool(best["original_date"])), trials


def _misses(tally: Tally, pages: list[BenchPage]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in pages:
        r = tally.readings[p.id]
        if r.latest != p.latest or r.error:
            out.append(
                {
                    "id": p.id,
                    "source": p.source,
                    "expected": p.latest and p.latest.isoformat(),
                    "got": r.latest and r.latest.isoformat(),
                    "verdict": r.verdict,
                    "error": r.error,
                }
            )
    return out


def _summary(tally: Tally, pages: list[BenchPage]) -> dict[str, object]:
    by_source = {src: [p for p in pages if p.source == src] for src in sorted({p.source for p in pages})}
    return {
        "accuracy": round(tally.accuracy(pages), 4),
        "correct": len(tally.correct(pages)),
        "pages": len(pages),
        "by_source": {
            s: {"correct": len(tally.correct(ps)), "pages": len(ps)} for s, ps in by_source.items()
        },
        "median_ms": round(tally.median_ms(), 3),
        "mean_ms": round(statistics.fmean(tally.ms.values()), 3) if tally.ms else 0.0,
        "errors": sum(1 for r in tally.readings.values() if r.error),
        "misses": _misses(tally, pages),
    }


def _detector_extras(tally: Tally, pages: list[BenchPage]) -> dict[str, object]:
    verdicts = sum(1 for p in pages if tally.readings[p.id].verdict == p.verdict)
    exact = sum(1 for p in pages if p.source == "corpus" and tally.readings[p.id].dates == p.dates)
    corpus = sum(1 for p in pages if p.source == "corpus")
    return {"verdict_correct": verdicts, "dates_exact_corpus": exact, "corpus_pages": corpus}


def _print_report(figures: dict[str, object], verbose: bool) -> None:
    print(
        f"日期读取基准：{figures['pages']} 页（标注语料 {figures['corpus_pages']}，真实页面 {figures['realdata_pages']}），"
        f"每页运行 {figures['repeats']} 次取中位数"
    )
    for key, label in (("detector", "检测器 read_list"), ("htmldate", "htmldate")):
        part = figures.get(key)
        if not isinstance(part, dict):
            print(f"  {label:<18} 不可用：{figures.get('detector_error')}")
            continue
        srcs = "，".join(f"{s} {v['correct']}/{v['pages']}" for s, v in part["by_source"].items())
        print(
            f"  {label:<18} 最新日期完全一致 {part['correct']}/{part['pages']} ({part['accuracy']:.1%}；{srcs})"
            f"  每页中位 {part['median_ms']:.2f} ms  平均 {part['mean_ms']:.2f} ms  出错 {part['errors']}"
        )
        if key == "htmldate":
            print(f"  {'':<18} 选用参数 {part['config']}（四种组合中准确率最高）")
        if key == "detector":
            print(
                f"  {'':<18} 判定一致 {part['verdict_correct']}/{part['pages']}，"
                f"语料条目日期序列完全一致 {part['dates_exact_corpus']}/{part['corpus_pages']}"
            )
        if verbose:
            for miss in part["misses"]:
                print(
                    f"      × {miss['id']}: 应为 {miss['expected']}，读到 {miss['got']}"
                    + (f"（{miss['verdict']}）" if miss["verdict"] else "")
                    + (f" {miss['error']}" if miss["error"] else "")
                )
    if figures.get("detector_speedup_vs_htmldate"):
        print(f"  速度比（htmldate 耗时 / 检测器耗时）：{figures['detector_speedup_vs_htmldate']:.1f}x")


def run(repeats: int, with_realdata: bool) -> dict[str, object]:
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    pages = corpus_pages() + (realdata_pages() if with_realdata else [])
    (ext, orig), trials = best_htmldate(pages)
    readers: dict[str, Reader] = {"htmldate": htmldate_reader(ext, orig)}
    figures: dict[str, object] = {
        "pages": len(pages),
        "corpus_pages": sum(p.source == "corpus" for p in pages),
        "realdata_pages": sum(p.source == "realdata" for p in pages),
        "repeats": repeats,
    }
    try:
        readers = {"detector": detector_reader(), **readers}
    except DetectorUnavailable as exc:
        figures["detector_error"] = str(exc)
    tallies = measure(pages, readers, repeats)
    hd = _summary(tallies["htmldate"], pages) | {
        "config": {"extensive_search": ext, "original_date": orig, "max_date": "today"},
        "trials": trials,
    }
    figures["htmldate"] = hd
    figures["htmldate_accuracy"] = hd["accuracy"]
    if "detector" in tallies:
        det = _summary(tallies["detector"], pages) | _detector_extras(tallies["detector"], pages)
        figures["detector"] = det
        figures["detector_accuracy"] = det["accuracy"]
        det_ms, hd_ms = float(det["median_ms"]), float(hd["median_ms"])  # type: ignore[arg-type]
        figures["detector_speedup_vs_htmldate"] = round(hd_ms / det_ms, 2) if det_ms else None
    else:
        figures["detector"] = None
        figures["detector_accuracy"] = None
        figures["detector_speedup_vs_htmldate"] = None
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench dates", description="检测器与 htmldate 的日期读取对比"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="把数据写入 JSON 文件")
    parser.add_argument("--repeats", type=int, default=5, help="每页运行次数（取中位数），默认 5")
    parser.add_argument("--no-realdata", action="store_true", help="只用标注语料，不读 ../shared/realdata")
    parser.add_argument("-v", "--verbose", action="store_true", help="列出每个读错的页面")
    args = parser.parse_args(argv)
    figures = run(max(args.repeats, 1), with_realdata=not args.no_realdata)
    _print_report(figures, args.verbose)
    if args.json:
        # merged into what is there: the crawl benchmark writes the same file
        existing = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
        existing.update(figures)
        args.json.write_text(json.dumps(existing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if figures["detector"] is None:
        print(f"检测器尚未就绪：{figures['detector_error']}；只测了 htmldate（退出码 3）")
        return 3
    return 0


__all__ = ["BenchPage", "Reading", "Tally", "main", "measure", "run"]
