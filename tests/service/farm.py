"""A two-site government-style farm on 127.0.0.1 with dates relative to today, and a page that can be slow.

Site ``a`` (区环保分局): 工作动态 last updated 16 days ago (stale since yesterday), 规划计划 due in
10 days (inside its 30-day remind window), and a dead attachment on the 规划计划 page.
Site ``b`` (区教育局): 工作动态 fresh; its list page waits ``slow_seconds`` before answering.
"""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from freshwatch.config.periods import Period


class Farm:
    def __init__(self, today: date) -> None:
        self.today = today
        self.slow_seconds = 0.0
        self.hits: list[str] = []
        self.news_a = [today - timedelta(days=d) for d in (16, 20, 25, 31, 40, 47)]
        self.plan_a_latest = Period(1, "y").before(today + timedelta(days=10))
        self.plan_a = [self.plan_a_latest, self.plan_a_latest - timedelta(days=60)]
        self.news_b = [today - timedelta(days=d) for d in (1, 3, 6, 9, 12, 15)]
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                farm.hits.append(self.path)
                status, body = farm.page(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_HEAD = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> Farm:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def units(self, *, email_a: str, email_b: str, webhook: str | None = None) -> list[dict[str, Any]]:
        contacts_a: list[dict[str, str]] = [{"email": email_a}]
        if webhook:
            contacts_a.append({"notify": webhook})
        return [
            {
                "id": "hbfj",
                "name": "区环保分局",
                "contacts": contacts_a,
                "sites": [
                    {
                        "name": "区环保分局网站",
                        "home": f"{self.base}/a/",
                        "columns": [
                            {"name": "工作动态", "url": f"{self.base}/a/gzdt/", "category": "news"},
                            {"name": "规划计划", "url": f"{self.base}/a/ghjh/", "category": "plan"},
                        ],
                    }
                ],
            },
            {
                "id": "jyj",
                "name": "区教育局",
                "contacts": [{"email": email_b}],
                "sites": [
                    {
                        "name": "区教育局网站",
                        "home": f"{self.base}/b/",
                        "columns": [{"name": "教育动态", "url": f"{self.base}/b/gzdt/", "category": "news"}],
                    }
                ],
            },
        ]

    # --- pages ---------------------------------------------------------------------------------

    def page(self, path: str) -> tuple[int, str]:
        path = path.split("?", 1)[0]
        if path == "/b/gzdt/" and self.slow_seconds:
            time.sleep(self.slow_seconds)
        if path == "/a/":
            return 200, self._home("区环保分局", "a", ["gzdt", "ghjh"])
        if path == "/b/":
            return 200, self._home("区教育局", "b", ["gzdt"])
        if path == "/a/gzdt/":
            return 200, self._list("工作动态", "a", "gzdt", self.news_a)
        if path == "/a/ghjh/":
            extra = '<p>附件：<a href="/a/files/plan-missing.pdf">规划全文.pdf</a></p>'
            return 200, self._list("规划计划", "a", "ghjh", self.plan_a, extra)
        if path == "/b/gzdt/":
            return 200, self._list("教育动态", "b", "gzdt", self.news_b)
        if path.endswith(".html") and "/t" in path:
            return 200, self._article(path)
        return 404, "<html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>"

    @staticmethod
    def _shell(title: str, body: str) -> str:
        return (
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><div class='header'>{title}</div>{body}<div class='footer'>版权所有 主办单位</div></body></html>"
        )

    def _home(self, name: str, site: str, columns: list[str]) -> str:
        nav = "".join(f'<li><a href="/{site}/{c}/">栏目{c}</a></li>' for c in columns)
        return self._shell(f"{name}门户网站", f"<ul class='nav'>{nav}</ul><p>欢迎访问{name}。</p>")

    def _list(self, title: str, site: str, column: str, days: list[date], extra: str = "") -> str:
        rows = "".join(
            f'<li><span class="date">{day.isoformat()}</span>'
            f'<a href="/{site}/{column}/{day:%Y%m}/t{day:%Y%m%d}_{i}.html" title="{title}信息{i}">{title}信息{i}：关于开展相关工作的通知</a></li>\n'
            for i, day in enumerate(sorted(days, reverse=True), start=1)
        )
        return self._shell(f"{title}", f'<h2>{title}</h2><ul class="list_con">\n{rows}</ul>{extra}')

    def _article(self, path: str) -> str:
        stamp = path.rsplit("/t", 1)[1][:8]
        published = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
        return self._shell(
            "信息",
            f'<meta name="PubDate" content="{published} 09:00"><p>发布时间：{published}</p><p>正文。</p>',
        )
