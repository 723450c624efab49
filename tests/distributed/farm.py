"""A generated farm of N small government-style sites, each on its own port of 127.0.0.1.

Each port is its own host to the crawler (politeness, grouping), so N sites are N site groups.
Site k: a home page, two columns (工作动态 and 通知公告) of five dated items each, articles, an
attachment that is missing on every third site, and a link to site k+1's home (a registered
host crawled by another process or worker). Column dates depend on k, so some columns are stale.
A site can be made slow (``slow``: seconds per page) to keep a crawl in flight while a test
kills a worker or restarts the broker.
"""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COLUMNS = (("gzdt", "工作动态", "news"), ("tzgg", "通知公告", "notice"))


class SiteFarm:
    def __init__(self, sites: int, today: date, *, slow: float = 0.0) -> None:
        self.today = today
        self.slow = slow
        self.hits = 0
        self._lock = threading.Lock()
        self._servers = [self._server(k) for k in range(sites)]
        self.ports = [int(server.server_address[1]) for server in self._servers]
        self._threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            for s in self._servers
        ]

    def _server(self, k: int) -> ThreadingHTTPServer:
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with farm._lock:
                    farm.hits += 1
                if farm.slow:
                    time.sleep(farm.slow)
                status, body = farm.page(k, self.path.split("?", 1)[0])
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_HEAD = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = _QuietServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        return server

    def start(self) -> SiteFarm:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def base(self, k: int) -> str:
        return f"http://127.0.0.1:{self.ports[k]}"

    def units(self) -> list[dict[str, Any]]:
        """One unit per site (the 28-unit district is a unit per site too)."""
        return [
            {
                "id": f"u{k:03d}",
                "name": f"示例单位{k:03d}",
                "sites": [
                    {
                        "name": f"示例单位{k:03d}网站",
                        "home": f"{self.base(k)}/",
                        "columns": [
                            {"name": name, "url": f"{self.base(k)}/{slug}/", "category": category}
                            for slug, name, category in COLUMNS
                        ],
                    }
                ],
            }
            for k in range(len(self.ports))
        ]

    # --- pages ---------------------------------------------------------------------------------

    def days(self, k: int, column: int) -> list[date]:
        newest = 1 + (k * 7 + column * 11) % 40  # 1..40 days old: some news columns are stale
        return [self.today - timedelta(days=newest + 6 * i) for i in range(5)]

    def page(self, k: int, path: str) -> tuple[int, str]:
        if path == "/":
            nav = "".join(f'<li><a href="/{slug}/">{name}</a></li>' for slug, name, _ in COLUMNS)
            neighbour = f"{self.base((k + 1) % len(self.ports))}/"
            return 200, _shell(
                f"示例单位{k:03d}", f'<ul class="nav">{nav}</ul><p><a href="{neighbour}">兄弟单位</a></p>'
            )
        for index, (slug, name, _) in enumerate(COLUMNS):
            if path == f"/{slug}/":
                extra = '<p><a href="/files/missing.pdf">附件.pdf</a></p>' if k % 3 == 0 else ""
                return 200, _list(name, slug, self.days(k, index), extra)
        if path.endswith(".html") and "/t" in path:
            stamp = path.rsplit("/t", 1)[1][:8]
            published = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
            return 200, _shell("信息", f"<p>发布时间：{published}</p><p>正文。</p>")
        return 404, "<html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a crawler closing a kept-alive connection (or a killed worker) is not news here


def _shell(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><div class='header'>{title}</div>{body}<div class='footer'>版权所有 主办单位</div></body></html>"
    )


def _list(title: str, slug: str, days: list[date], extra: str) -> str:
    rows = "".join(
        f'<li><span class="date">{day.isoformat()}</span>'
        f'<a href="/{slug}/{day:%Y%m}/t{day:%Y%m%d}_{i}.html">{title}信息{i}：关于开展相关工作的通知</a></li>\n'
        for i, day in enumerate(days, start=1)
    )
    return _shell(title, f'<h2>{title}</h2><ul class="list_con">\n{rows}</ul>{extra}')
