"""A farm of deep, busy and awkward columns on 127.0.0.1 whose content follows a settable day.

Unit ``wj`` (区文教局):
- 工作动态 (news): a post a day since 2026-03-01 except 08-01..08-20 and 10-10..10-30, five a page
  over 50 pages, a numbered pager that shows five pages ahead; page 1 starts with a 置顶 item of 2019
  and an unmarked promoted item of 2020; page 4 holds a misdated item (2016); page 13 links a deleted
  article (404): only a walk that reads that deep finds it.
- 通知公告 (notice): a Hanweb dataproxy list endpoint, one record a page-group of three.
- 部门文件 (policy): a dateless list of 60 items, ten a page; the dates are on the articles.
- 规划计划 (plan): two items, a year apart.
Unit ``jt`` (区交通局):
- 工作动态 (news): three posts a day since 2026-01-01 (reaches the page cap).
- 政务动态 (news): last updated 2026-06-10: overdue for months.

``day`` moves the farm on (the next days' crawls see new posts); ``hits`` counts every request.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PER_PAGE = 5
DATELESS_PER_PAGE = 10


def _days(
    first: date, last: date, *, skip: tuple[tuple[date, date], ...] = (), per_day: int = 1
) -> list[date]:
    """Newest first: every day from ``first`` to ``last`` (``per_day`` times), gaps left out."""
    found = []
    day = last
    while day >= first:
        if not any(a <= day <= b for a, b in skip):
            found.extend([day] * per_day)
        day -= timedelta(days=1)
    return found


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='head'><a href='/wj/'>首页</a></div>{body}<div class='foot'>版权所有</div></body></html>"
    )


def _rows(rows: list[tuple[str, str, str]], *, pinned: str = "") -> str:
    lis = "".join(
        f"<li><a href='{url}' title='{title}'>{title}</a>{f'<span>{shown}</span>' if shown else ''}</li>"
        for url, title, shown in rows
    )
    return f"<ul class='list'>{pinned}{lis}</ul>"


def _pager(folder: str, page: int, count: int) -> str:
    """TRS-style pages (index.html, index_1.html ...): the next five numbers and 下一页."""
    links = [f"<a href='{folder}index_{n}.html'>{n + 1}</a>" for n in range(page + 1, min(count, page + 6))]
    if page + 1 < count:
        links.append(f"<a href='{folder}index_{page + 1}.html'>下一页</a>")
    return f"<div class='pager'>{''.join(links)}</div>"


_SUBJECTS = ("河湖长制", "森林防火", "根治欠薪", "垃圾分类", "燃气安全", "医保参保", "人居环境整治")


def _title(slug: str, number: int) -> str:
    return f"关于做好{_SUBJECTS[number % len(_SUBJECTS)]}工作的{slug}（第{number}号）"


class HistoryFarm:
    def __init__(self, day: date) -> None:
        self.day = day
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with farm.lock:
                    farm.hits[self.path] += 1
                status, body, kind = farm.answer(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_HEAD = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HistoryFarm:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- the columns' content on ``self.day`` ---------------------------------------------------

    def wj_news(self) -> list[date]:
        gaps = ((date(2026, 8, 1), date(2026, 8, 20)), (date(2026, 10, 10), date(2026, 10, 30)))
        return _days(date(2026, 3, 1), self.day, skip=gaps)

    def wj_notice(self) -> list[date]:
        known = [date(2026, 11, 2), date(2026, 10, 15), date(2026, 9, 28), date(2026, 8, 20)]
        known += [date(2026, 2, 10), date(2025, 12, 20), date(2025, 10, 1), date(2025, 6, 1)]
        return [d for d in known if d <= self.day]

    def wj_policy(self) -> list[date]:
        recent = [date(2026, 11, 10) - timedelta(days=5 * k) for k in range(21)]  # back to 08-02
        older = [date(2026, 1, 20) - timedelta(days=5 * k) for k in range(39)]
        return [d for d in recent + older if d <= self.day]

    def wj_plan(self) -> list[date]:
        return [date(2025, 8, 15), date(2024, 9, 1)]

    def jt_news(self) -> list[date]:
        return _days(date(2026, 1, 1), self.day, per_day=3)

    def jt_affairs(self) -> list[date]:
        return [date(2026, 6, 10), date(2026, 6, 1), date(2026, 5, 20)]

    # --- pages ------------------------------------------------------------------------------------

    def answer(self, path: str) -> tuple[int, str, str]:
        html = "text/html; charset=utf-8"
        parts = urlsplit(path)
        route = parts.path
        if route in ("/wj/", "/jt/"):
            return 200, _page("首页", "<p>欢迎访问</p><a href='gzdt/'>工作动态</a>"), html
        if route == "/module/web/jpage/dataproxy.jsp":
            return 200, self._dataproxy(parse_qs(parts.query)), "text/xml; charset=utf-8"
        if route == "/wj/gzdt/removed.html":
            return 404, _page("404", "<p>页面不存在</p>"), html
        if route.startswith("/wj/tzgg/doc"):
            return 200, self._article("/wj/tzgg/", route[9:], []), html
        if route == "/wj/tzgg/":
            script = (
                "<div id='div1234'></div><script>$('#div1234').jpage({dataStore: [], perPage: 1, "
                "proxyUrl: '/module/web/jpage/dataproxy.jsp?columnid=1234&unitid=7'});</script>"
            )
            return 200, _page("通知公告", script), html
        for folder, dates, per_page, slug in self._lists():
            if route.startswith(folder):
                name = route[len(folder) :]
                if name in ("", "index.html") or (name.startswith("index_") and name.endswith(".html")):
                    number = 0 if name in ("", "index.html") else int(name[6:-5])
                    return 200, self._list_page(folder, dates, per_page, slug, number), html
                return 200, self._article(folder, name, dates), html
        return 404, _page("404", "<p>页面不存在</p>"), html

    def _lists(self) -> list[tuple[str, list[date], int, str]]:
        return [
            ("/wj/gzdt/", self.wj_news(), PER_PAGE, "工作动态"),
            ("/wj/bmwj/", self.wj_policy(), DATELESS_PER_PAGE, "部门文件"),
            ("/wj/ghjh/", self.wj_plan(), PER_PAGE, "规划计划"),
            ("/jt/gzdt/", self.jt_news(), PER_PAGE, "工作动态"),
            ("/jt/zwdt/", self.jt_affairs(), PER_PAGE, "政务动态"),
        ]

    @staticmethod
    def _item_url(folder: str, dates: list[date], index: int) -> str:
        """Items are numbered from the oldest, so a new post never renames the older ones."""
        return f"{folder}doc{len(dates) - 1 - index}.html"

    def _list_page(self, folder: str, dates: list[date], per_page: int, slug: str, number: int) -> str:
        count = max(1, -(-len(dates) // per_page))
        chunk = range(number * per_page, min(len(dates), (number + 1) * per_page))
        dateless = folder == "/wj/bmwj/"
        rows = [
            (
                self._item_url(folder, dates, i),
                _title(slug, len(dates) - i),
                "" if dateless else str(dates[i]),
            )
            for i in chunk
        ]
        pinned = ""
        if folder == "/wj/gzdt/" and number == 0:
            pinned = "<li class='top'><a href='/wj/gzdt/pin.html'>【置顶】关于开展双随机工作的通知</a>"
            pinned += "<span>2019-05-01</span></li>"
            rows.insert(0, ("/wj/gzdt/promoted.html", "区文教局简介（推荐）", "2020-01-02"))
        if folder == "/wj/gzdt/" and number == 3:
            rows.insert(2, ("/wj/gzdt/typo.html", "日期录错的一篇", "2016-06-30"))
        if folder == "/wj/gzdt/" and number == 12 and rows:  # a deleted article, linked from page 13 only
            rows.insert(1, ("/wj/gzdt/removed.html", "已删除的一篇工作动态", rows[0][2]))
        return _page(slug, f"<h2>{slug}</h2>" + _rows(rows, pinned=pinned) + _pager(folder, number, count))

    def _article(self, folder: str, name: str, dates: list[date]) -> str:
        shown = ""
        if folder == "/wj/bmwj/" and name.startswith("doc"):
            index = len(dates) - 1 - int(name[3:-5])
            if 0 <= index < len(dates):
                shown = f"<div class='info'>发布时间：{dates[index]:%Y-%m-%d} 10:30　来源：本站</div>"
        return _page("文章", f"<h1>文章</h1>{shown}<div class='content'><p>正文。</p></div>")

    def _dataproxy(self, query: dict[str, list[str]]) -> str:
        dates = self.wj_notice()
        start = int(query.get("startrecord", ["1"])[0])
        end = min(int(query.get("endrecord", ["3"])[0]), len(dates))
        records = "".join(
            f"<record><![CDATA[<li><a href='/wj/tzgg/doc{len(dates) - i}.html'>通知公告第{len(dates) - i}篇</a>"
            f"<span>{dates[i - 1]}</span></li>]]></record>"
            for i in range(start, end + 1)
        )
        return (
            "<?xml version='1.0' encoding='UTF-8'?><datastore>"
            f"<totalrecord>{len(dates)}</totalrecord><recordset>{records}</recordset></datastore>"
        )

    def units(self, depth: int = 1) -> list[dict[str, Any]]:
        base = self.base
        return [
            {
                "id": "wj",
                "name": "区文教局",
                "sites": [
                    {
                        "home": f"{base}/wj/",
                        "depth": depth,
                        "columns": [
                            {"name": "工作动态", "url": f"{base}/wj/gzdt/", "category": "news"},
                            {"name": "通知公告", "url": f"{base}/wj/tzgg/", "category": "notice"},
                            {"name": "部门文件", "url": f"{base}/wj/bmwj/", "category": "policy"},
                            {"name": "规划计划", "url": f"{base}/wj/ghjh/", "category": "plan"},
                        ],
                    }
                ],
            },
            {
                "id": "jt",
                "name": "区交通局",
                "sites": [
                    {
                        "home": f"{base}/jt/",
                        "depth": depth,
                        "columns": [
                            {"name": "工作动态", "url": f"{base}/jt/gzdt/", "category": "news"},
                            {"name": "政务动态", "url": f"{base}/jt/zwdt/", "category": "news"},
                        ],
                    }
                ],
            },
        ]
