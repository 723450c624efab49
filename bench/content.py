"""``python -m bench content``: the content checks' precision and recall, and what they cost.

Accuracy: the planted corpus (tests/content_corpus: pages and attachments with real problems and
look-alikes) is served on 127.0.0.1 and crawled by the real crawler into a SQLite store; the
stored findings are compared with the truth, per check.

Cost: the nginx farm (bench/farmgen.py) crawled by ``freshwatch crawl`` with the content checks on
and off (``content: {enabled: false}``), alternating, ``--runs`` times each; medians of wall and
CPU seconds (os.wait4 of the process), pages per second, CPU per page, and the attachment bytes
read (the ``attachment_reads`` table).  Results go into bench/results.json under ``content``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench.farmgen import FarmSpec, freshwatch_config
from bench.nginx import Nginx
from bench.peers import run_freshwatch
from bench.workspace import OUT, farm

RESULTS = Path(__file__).with_name("results.json")
CHECKS = ("privacy", "typo", "interpretation", "consultation")


def accuracy() -> dict[str, Any]:
    from freshwatch.storage import open_findings, open_store, sqlite_url
    from tests.content_corpus import expected, observed
    from tests.content_corpus.crawl import corpus_config, crawl_corpus, routes
    from tests.crawler.server import MockServer

    with MockServer(routes()) as server, tempfile.TemporaryDirectory() as tmp:
        store = open_store(sqlite_url(Path(tmp) / "corpus.db"))
        crawl_corpus(corpus_config(server.origin), store)
        with store.session() as session:
            found = observed(open_findings(session), server.origin)
        store.dispose()
    truth = expected()
    figures: dict[str, Any] = {}
    for check in CHECKS:
        mine = {f for f in found if f[0] == check}
        planted = {t for t in truth if t[0] == check}
        hits = len(mine & planted)
        figures[check] = {
            "planted": len(planted),
            "found": len(mine),
            "true_positive": hits,
            "false_positive": len(mine - planted),
            "precision": round(hits / len(mine), 3) if mine else 1.0,
            "recall": round(hits / len(planted), 3) if planted else 1.0,
            "false_examples": sorted(str(f[1:3]) for f in mine - planted)[:5],
            "missed_examples": sorted(str(f[1:3]) for f in planted - mine)[:5],
        }
    return figures


def _attachment_bytes(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        try:
            return int(
                connection.execute("SELECT COALESCE(SUM(size), 0) FROM attachment_reads").fetchone()[0]
            )
        except sqlite3.OperationalError:
            return 0


def cost(spec: FarmSpec, runs: int) -> dict[str, Any]:
    folder, _ = farm(spec)
    work = OUT / "work-content"
    work.mkdir(parents=True, exist_ok=True)
    base = freshwatch_config(spec)
    configs = {
        "on": work / "content-on.yaml",
        "off": work / "content-off.yaml",
    }
    configs["on"].write_text(base, encoding="utf-8")
    configs["off"].write_text(base + "content: {enabled: false}\n", encoding="utf-8")
    server = Nginx(folder, spec.port, OUT / "nginx-content")
    server.start()
    samples: dict[str, list[dict[str, float]]] = {"on": [], "off": []}
    try:
        for n in range(runs):
            for mode in ("off", "on"):
                measured = run_freshwatch(configs[mode], work)
                sample = {
                    "seconds": measured.seconds,
                    "cpu_seconds": measured.cpu_seconds,
                    "pages": measured.pages,
                    "peak_rss_mb": measured.peak_rss_mb,
                    "attachment_bytes": _attachment_bytes(work / "fw.db"),
                }
                samples[mode].append(sample)
                print(
                    f"  content {mode} #{n + 1}: {measured.seconds:.1f} s, CPU {measured.cpu_seconds:.2f} s, "
                    f"{measured.pages} pages, attachments {sample['attachment_bytes']} B",
                    flush=True,
                )
    finally:
        server.stop()

    def median(mode: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[mode])

    result: dict[str, Any] = {"farm": {"sites": spec.sites, "pages_per_site": spec.pages, "runs": runs}}
    for mode in ("off", "on"):
        pages = median(mode, "pages")
        result[mode] = {
            "seconds": round(median(mode, "seconds"), 2),
            "cpu_seconds": round(median(mode, "cpu_seconds"), 2),
            "pages": int(pages),
            "pages_per_s": round(pages / median(mode, "seconds"), 1),
            "cpu_ms_per_page": round(median(mode, "cpu_seconds") / pages * 1000, 3) if pages else None,
            "peak_rss_mb": round(median(mode, "peak_rss_mb"), 1),
            "attachment_bytes": int(median(mode, "attachment_bytes")),
        }
    off, on = result["off"]["cpu_ms_per_page"], result["on"]["cpu_ms_per_page"]
    result["cpu_per_page_ratio"] = round(on / off, 3) if off and on else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench content", description="内容检查：准确率与开销")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8496)
    parser.add_argument("--no-cost", action="store_true", help="只测准确率")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"accuracy": accuracy()}
    print("内容检查准确率（植入语料）：")
    for check, row in figures["accuracy"].items():
        print(
            f"  {check:<15} 植入 {row['planted']:>2}，发现 {row['found']:>2}，"
            f"precision {row['precision']:.3f}，recall {row['recall']:.3f}"
        )
    if not args.no_cost:
        spec = FarmSpec(sites=args.sites, pages=args.pages, port=args.port)
        figures["cost"] = cost(spec, args.runs)
        c = figures["cost"]
        for mode, label in (("off", "关闭"), ("on", "开启")):
            m = c[mode]
            print(
                f"  内容检查{label}：{m['pages_per_s']} 页/秒，CPU {m['cpu_ms_per_page']} ms/页，"
                f"附件读取 {m['attachment_bytes']} 字节"
            )
        print(f"  每页 CPU 之比（开/关）：{c['cpu_per_page_ratio']}")
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    existing["content"] = {**existing.get("content", {}), **figures}  # --no-cost keeps the last cost figures
    RESULTS.write_text(json.dumps(existing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0
