"""``python -m bench weak``: a weak server (one thread, listen backlog 5) under freshwatch's full concurrency.

nginx never refuses anything, so it cannot show whether the crawler tells "the server is busy" from
"the link is dead".  Here one farm site is served by a single-threaded Python server that closes
every connection, sleeps a little per request and keeps a listen backlog of 5, while freshwatch
points all 64 connections at it (``per_host: 64``).  Connections queue, SYNs are dropped, accepts
lag: every broken link reported beyond the farm's truth is a false alarm, every page missed a
skipped subtree.
"""

from __future__ import annotations

import argparse
import json
import socketserver
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from bench.farmgen import FarmSpec, freshwatch_config, host
from bench.peers import run_freshwatch
from bench.workspace import OUT, farm

BACKLOG = 5


class _WeakServer(socketserver.TCPServer):
    request_queue_size = BACKLOG
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], root: Path, delay: float) -> None:
        self.root = root
        self.delay = delay
        self.served: Counter[str] = Counter()
        super().__init__(address, _Handler)


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: every request queues in the backlog
    server: _WeakServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(args[2].root), **kwargs)

    def send_head(self) -> Any:
        self.server.served[self.path] += 1
        if self.server.delay:
            time.sleep(self.server.delay)
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        return None


@dataclass(frozen=True)
class WeakResult:
    backlog: int
    delay_ms: float
    concurrency: int
    seconds: float
    requests: int
    repeated_requests: int
    listen_drops: int  # connections the kernel dropped at the full backlog during the crawl (all sockets)
    pages_truth: int
    pages_crawled: int
    broken_truth: int
    broken_found: int
    false_alarms: int
    false_alarm_details: list[dict[str, Any]]
    column_errors: list[dict[str, Any]]


def listen_drops() -> int:
    """The kernel's count of connections dropped at a full listen queue (TcpExt ListenDrops)."""
    try:
        header, values = [line.split() for line in Path("/proc/net/netstat").read_text().splitlines()[:2]]
    except (OSError, ValueError):
        return -1
    return int(values[header.index("ListenDrops")]) if "ListenDrops" in header else -1


def _false_details(db: Path, false_urls: set[str]) -> list[dict[str, Any]]:
    if not false_urls:
        return []
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT url, kind, status, error, detail FROM link_checks WHERE error IS NOT NULL"
        )
        return [
            {"url": u, "kind": k, "status": s, "error": e, "detail": d}
            for u, k, s, e, d in rows
            if u in false_urls
        ]


def _column_errors(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT column_url, verdict, error, detail FROM column_observations WHERE error IS NOT NULL"
        )
        return [{"column": c, "verdict": v, "error": e, "detail": d} for c, v, e, d in rows]


def run(
    *,
    pages: int = 300,
    delay: float = 0.002,
    concurrency: int = 64,
    port: int = 8580,
    code: Path | None = None,
) -> WeakResult:
    spec = FarmSpec(sites=1, pages=pages, port=port)
    folder, truth = farm(spec)
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    config = work / "weak.yaml"
    config.write_text(
        freshwatch_config(spec, concurrency=concurrency, per_host=concurrency), encoding="utf-8"
    )
    server = _WeakServer((host(1), port), folder / "sites" / host(1), delay)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    drops_before = listen_drops()
    try:
        measured = run_freshwatch(config, work, code=code)
    finally:
        server.shutdown()
        server.server_close()
    truth_broken = set(truth["broken"])
    false_urls = set(measured.broken - truth_broken)
    requests = sum(server.served.values())
    return WeakResult(
        backlog=BACKLOG,
        delay_ms=delay * 1000,
        concurrency=concurrency,
        seconds=round(measured.seconds, 2),
        requests=requests,
        repeated_requests=requests - len(server.served),
        listen_drops=listen_drops() - drops_before,
        pages_truth=int(truth["pages"]),
        pages_crawled=measured.pages,
        broken_truth=len(truth_broken),
        broken_found=len(measured.broken & truth_broken),
        false_alarms=len(false_urls),
        false_alarm_details=_false_details(work / "fw.db", false_urls),
        column_errors=_column_errors(work / "fw.db"),
    )


def render(result: WeakResult) -> str:
    line = (
        f"弱服务器（单线程，监听队列 {result.backlog}，每请求 {result.delay_ms:g} ms，freshwatch 并发 {result.concurrency}）："
        f"{result.seconds} 秒，请求 {result.requests} 次（重复 {result.repeated_requests}），"
        f"内核在满队列处丢弃连接 {result.listen_drops} 次，"
        f"页面 {result.pages_crawled}（农场 {result.pages_truth} + 失效/目录页），"
        f"失效链接 {result.broken_found}/{result.broken_truth}，误报 {result.false_alarms}"
    )
    details = [
        f"  误报 {d['url']}: {d['error']} {d['status'] or ''} {d['detail']}"
        for d in result.false_alarm_details
    ]
    details += [f"  栏目错误 {c['column']}: {c['error']} {c['detail']}" for c in result.column_errors]
    return "\n".join([line, *details])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench weak", description="弱服务器下的误报")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--delay-ms", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args(argv)
    result = run(pages=args.pages, delay=args.delay_ms / 1000, concurrency=args.concurrency)
    print(render(result))
    print(json.dumps(asdict(result), ensure_ascii=False, indent=1))
    return 0 if result.false_alarms == 0 else 1
