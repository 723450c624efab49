"""``python -m bench crawl``: freshwatch vs Scrapy, linkchecker and lychee on one nginx farm.

One command, one session, the same farm: the server's ceiling first (wrk), then each tool
``--runs`` times (medians), the weak-server check, the scaling curve of freshwatch alone, and
``bench/results.json`` (merged into, so the figures of ``python -m bench dates`` stay).

Every tool is measured with the same rulers: wall, CPU and peak RSS from ``os.wait4`` of its
process, and what it asked for from nginx's access log (requests, distinct URLs, pages served).
"""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import weak
from bench.farmgen import COLUMNS, FarmSpec, freshwatch_config, site_url
from bench.nginx import Nginx, Served, ceiling
from bench.peers import (
    Measured,
    run_freshwatch,
    run_freshwatch_split,
    run_linkchecker,
    run_lychee,
    run_scrapy,
)
from bench.report import render_scaling, render_tools, summary_of
from bench.workspace import OUT, farm, snapshot

DEPTH = 3
TOOLS = (
    "freshwatch",
    "freshwatch-httpx",
    "freshwatch-processes2",
    "freshwatch-2proc",
    "scrapy",
    "linkchecker",
    "lychee",
)
# freshwatch-httpx: the same crawler on httpx's own transport (crawl.transport: httpx), so the two
# transports are compared in one session; freshwatch (one process) and freshwatch-processes2
# (``crawl --processes 2``: all cores of the bench machine); freshwatch-2proc: two separate crawls
# over disjoint halves of the units, measured before --processes existed


@dataclass(frozen=True)
class Run:
    measured: Measured
    served: Served


@dataclass(frozen=True)
class Row:
    tool: str
    runs: list[Run]

    def median(self, field: str) -> float:
        """Median of a field of the server's count (``Served``) or, failing that, of the tool's process."""

        def value(run: Run) -> float:
            source: Any = run.served if field in Served.__dataclass_fields__ else run.measured
            return float(getattr(source, field))

        return statistics.median(value(run) for run in self.runs)

    def coverage(self, truth_pages: frozenset[str]) -> float:
        """Share of the farm's pages every run served (the least complete run counts)."""
        return min(len(run.served.page_urls & truth_pages) for run in self.runs) / max(len(truth_pages), 1)

    def figures(self, truth: set[str], truth_pages: frozenset[str]) -> dict[str, Any]:
        """Medians over the runs; broken links from the median-wall run (they do not vary)."""
        seconds = self.median("seconds")
        pages = self.median("pages")  # distinct HTML pages nginx answered 200 (the same ruler for all)
        links = self.median("distinct_urls")  # distinct URLs asked: links whose status the tool learnt
        typical = sorted(self.runs, key=lambda r: r.measured.seconds)[len(self.runs) // 2].measured
        return {
            "tool": self.tool,
            "runs": len(self.runs),
            "seconds": round(seconds, 2),
            "seconds_all": [round(r.measured.seconds, 2) for r in self.runs],
            "pages": int(pages),
            "pages_coverage": round(self.coverage(truth_pages), 4),
            "links_checked": int(links),
            "links_reported_by_tool": int(statistics.median(r.measured.links_checked for r in self.runs)),
            "pages_per_s": round(pages / seconds, 1),
            "links_per_s": round(links / seconds, 1),
            "cpu_seconds": round(self.median("cpu_seconds"), 2),
            "cpu_s_per_1000_pages": round(self.median("cpu_seconds") / pages * 1000, 2) if pages else None,
            "peak_rss_mb": round(self.median("peak_rss_mb"), 1),
            "requests": int(self.median("requests")),
            "repeated_requests": int(self.median("repeated")),
            "connections": int(self.median("connections")),
            "broken_found": len(typical.broken & truth),
            "broken_false": len(typical.broken - truth),
            "broken_truth": len(truth),
            "broken_false_examples": sorted(typical.broken - truth)[:5],
        }


def served_form(urls: list[str]) -> frozenset[str]:
    """``http://127.0.1.1:8480/a/b.html`` -> ``127.0.1.1/a/b.html``, as nginx logs ``$host$request_uri``."""
    return frozenset(urlsplit(u).hostname + (urlsplit(u).path or "/") for u in urls)  # type: ignore[operator]


def starts(spec: FarmSpec) -> list[str]:
    """The crawl's seeds for the peers: each site's home and its column pages, as freshwatch has them."""
    urls = []
    for k in range(1, spec.sites + 1):
        base = site_url(k, spec.port)
        urls += [base] + [f"{base}{slug}/index.html" for slug, _ in COLUMNS]
    return urls


def measured_runs(tool: str, runs: int, server: Nginx, call: Any) -> Row:
    results = []
    for n in range(runs):
        server.reset_log()
        measured = call()
        served = server.served()
        results.append(Run(measured, served))
        print(
            f"  {tool} #{n + 1}: {measured.seconds:.1f} s, CPU {measured.cpu_seconds:.1f} s, "
            f"RSS {measured.peak_rss_mb:.0f} MB, {served.pages} pages served, {served.requests} requests",
            flush=True,
        )
    return Row(tool, results)


def compare(spec: FarmSpec, runs: int, tools: list[str], code: Path | None = None) -> dict[str, Any]:
    folder, truth = farm(spec)
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    config = work / f"freshwatch-{spec.sites}.yaml"
    config.write_text(freshwatch_config(spec), encoding="utf-8")
    config_httpx = work / f"freshwatch-httpx-{spec.sites}.yaml"
    config_httpx.write_text(freshwatch_config(spec, transport="httpx"), encoding="utf-8")
    unit_ids = [f"s{k}" for k in range(1, spec.sites + 1)]  # as freshwatch_config names them
    server = Nginx(folder, spec.port, OUT / "nginx")
    server.start()
    try:
        ceiling_rps = ceiling(f"{site_url(1, spec.port)}gzdt/index.html")
        print(f"nginx 上限: {ceiling_rps:.0f} 请求/秒（wrk，2 线程，64 连接，一张列表页）", flush=True)
        calls = {
            "freshwatch": lambda: run_freshwatch(config, work, code=code),
            "freshwatch-httpx": lambda: run_freshwatch(
                config_httpx, work, code=code, tool="freshwatch-httpx"
            ),
            "freshwatch-processes2": lambda: run_freshwatch(
                config, work, code=code, processes=2, tool="freshwatch-processes2"
            ),
            "freshwatch-2proc": lambda: run_freshwatch_split(config, work, unit_ids, 2, code=code),
            "scrapy": lambda: run_scrapy(starts(spec), work),
            "linkchecker": lambda: run_linkchecker(starts(spec), work, depth=DEPTH),
            "lychee": lambda: run_lychee(truth["page_urls"], work),
        }
        rows = [measured_runs(tool, runs, server, calls[tool]) for tool in tools]
    finally:
        server.stop()
    broken_truth = set(truth["broken"])
    return {
        "farm": {
            "sites": spec.sites,
            "pages_per_site": spec.pages,
            "pages": truth["pages"],
            "broken_truth": len(broken_truth),
            "runs": runs,
        },
        "nginx_ceiling_rps": round(ceiling_rps),
        "tools": {row.tool: row.figures(broken_truth, served_form(truth["page_urls"])) for row in rows},
    }


def scaling(
    sizes: list[int], pages: int, save: Any, known: dict[int, dict[str, Any]], code: Path | None
) -> dict[str, Any]:
    """freshwatch alone on farms of growing size: CPU per page must not grow with the site count.

    A point that fails (a crash, the machine out of memory) is recorded as such, not fatal; a size
    the comparison already measured (``known``) reuses its medians instead of crawling again.
    """
    curve: dict[str, Any] = {}
    for sites in sizes:
        try:
            result = (
                known.get(sites)
                or compare(FarmSpec(sites=sites, pages=pages), 1, ["freshwatch"], code)["tools"]["freshwatch"]
            )
        except RuntimeError as exc:
            curve[str(sites)] = {"error": str(exc)}
            print(f"  扩展曲线 {sites} 站点失败: {exc}", flush=True)
            continue
        curve[str(sites)] = {
            "pages": result["pages"],
            "seconds": result["seconds"],
            "cpu_seconds": result["cpu_seconds"],
            "cpu_s_per_1000_pages": result["cpu_s_per_1000_pages"],
            "wall_ms_per_page": round(result["seconds"] / max(result["pages"], 1) * 1000, 3),
            "pages_per_s": result["pages_per_s"],
            "peak_rss_mb": result["peak_rss_mb"],
        }
        print(f"  扩展曲线 {sites} 站点: {curve[str(sites)]}", flush=True)
        save(curve)
    return curve


def keep_unmeasured(result: dict[str, Any], path: Path, tools: list[str], skipped: list[str]) -> None:
    """Re-measuring some tools on the same farm keeps the others' figures (each carries its time)."""
    previous: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    farm_keys = ("sites", "pages_per_site", "pages")
    if any(previous.get("farm", {}).get(k) != result["farm"][k] for k in farm_keys):
        return
    kept = {t: f for t, f in previous.get("tools", {}).items() if t not in tools}
    merged = {**kept, **result["tools"]}
    result["tools"] = {t: merged[t] for t in (*TOOLS, *merged) if t in merged}
    for key in skipped:
        if key in previous:
            result[key] = previous[key]


def merge_into(path: Path, result: dict[str, Any]) -> None:
    """Add this run's keys to the file, keeping keys other benchmarks wrote there."""
    existing: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    existing.update(result)
    path.write_text(json.dumps(existing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench crawl")
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--scaling", default="5,20,50,100", help="site counts for the curve; empty to skip")
    parser.add_argument("--no-weak", action="store_true", help="skip the weak-server check")
    parser.add_argument("--json", dest="json_path", default=str(Path(__file__).with_name("results.json")))
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t]
    path = Path(args.json_path)
    code, digest = snapshot()
    print(f"freshwatch 代码快照 {digest}（{code}）", flush=True)
    result = compare(FarmSpec(sites=args.sites, pages=args.pages), args.runs, tools, code)
    if "freshwatch" in tools:
        result["code_snapshot"] = digest  # the freshwatch code the figures belong to
    for tool, figures in result["tools"].items():
        figures["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        if tool == "freshwatch":
            figures["code_snapshot"] = digest
    skipped = [
        k
        for k, off in (
            ("weak_server", args.no_weak),
            ("scaling", not args.scaling),
            ("code_snapshot", "freshwatch" not in tools),
        )
        if off
    ]
    keep_unmeasured(result, path, tools, skipped)
    print(render_tools(result), flush=True)

    def save() -> None:  # after every stage, so a late failure keeps the figures already measured
        result["summary"] = summary_of(result)
        merge_into(path, {**result, **result["summary"]})

    save()
    if not args.no_weak:
        weak_result = weak.run(code=code)
        print(weak.render(weak_result), flush=True)
        result["weak_server"] = asdict(weak_result)
        save()
    if args.scaling:

        def save_curve(curve: dict[str, Any]) -> None:
            result["scaling"] = curve
            save()

        known = {args.sites: result["tools"]["freshwatch"]} if "freshwatch" in result["tools"] else {}
        sizes = [int(s) for s in args.scaling.split(",")]
        save_curve(scaling(sizes, args.pages, save_curve, known, code))
        print(render_scaling(result["scaling"]), flush=True)
    print(json.dumps(result["summary"], ensure_ascii=False, indent=1))
    return 0
