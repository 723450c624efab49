"""Every URL path of one simulated site and what the server answers there, rendered once at start.

A path that is absent is a 404; the broken links of the design are simply not created (or, for
the one 410, created as gone).  Each site is rendered after the ports are known so that its
友情链接 can point at other farm sites.
"""

from __future__ import annotations

from dataclasses import dataclass

from freshwatch.demo.binary import CONTENT_TYPES, GIF, attachment_bytes, png
from freshwatch.demo.content import Article, ColumnContent, SiteContent, resolved_broken
from freshwatch.demo.layout import Friend, not_found, static_page
from freshwatch.demo.pages import article_page, home_page, list_page, page_count
from freshwatch.demo.units import Family

DOWNLOADS = (
    ("sqb_2018_old", "doc", "政府信息公开申请表.doc"),
    ("bszn_2018", "pdf", "办事指南汇编（2018年版）.pdf"),
)


@dataclass(frozen=True)
class Resource:
    status: int
    content_type: str
    body: bytes
    location: str | None = None


class SiteResources:
    """The path -> Resource table of one site, and its own 404 page."""

    def __init__(self, site: SiteContent, friends: list[Friend]) -> None:
        self.site = site
        self.table: dict[str, Resource] = {}
        self._html_type = "text/html" + (
            f"; charset={site.unit.encoding.upper()}" if site.unit.header_charset else ""
        )
        self._build(friends)
        self._remove_broken()
        self.missing = self._page(not_found(site, 404), 404)

    def lookup(self, target: str) -> Resource:
        path = target.split("#", 1)[0]
        found = self.table.get(path) or self.table.get(path.split("?", 1)[0])
        return found or self.missing

    def _page(self, html: str, status: int = 200) -> Resource:
        return Resource(status, self._html_type, html.encode(self.site.unit.encoding, "xmlcharrefreplace"))

    def _file(self, path: str, body: bytes) -> None:
        self.table[path] = Resource(200, CONTENT_TYPES[path.rsplit(".", 1)[1]], body)

    def _build(self, friends: list[Friend]) -> None:
        site, paths = self.site, self.site.paths
        downloads = [(paths.download(name, ext), label) for name, ext, label in DOWNLOADS]
        self.table["/"] = self._page(home_page(site, friends, downloads))
        self.table["/index.htm"] = Resource(301, "text/html", b"", location="/")
        for (name, ext, label), (path, _) in zip(DOWNLOADS, downloads, strict=True):
            self._file(path, attachment_bytes(ext, len(name), label))
        self._file(paths.logo, png(40, 40, (180, 20, 20)))
        self._file(paths.banner, png(100, 20, (30, 90, 170)))
        self._file(paths.new_icon, GIF if paths.new_icon.endswith(".gif") else png(8, 8, (220, 0, 0)))
        self.table[paths.nav_page] = self._page(
            static_page(
                site,
                "网上信访",
                [f"{site.unit.name}信访接待电话：0752-3278000", "来信地址：惠州市仲恺高新区和畅五路西10号"],
            )
        )
        sitemap = [f"{c.title}：{c.list_path}" for c in site.columns]
        self.table[paths.sitemap] = self._page(
            static_page(site, "网站地图", sitemap) + '<a href="/index.htm">首页</a>'
        )
        for column in site.columns:
            self._column(column)

    def _column(self, column: ColumnContent) -> None:
        paths = self.site.paths
        for page_no in range(page_count(column)):
            resource = self._page(list_page(self.site, column, page_no))
            self.table[paths.list_page(column.key, page_no)] = resource
            if page_no == 0:
                self.table[column.list_path] = resource
        for article in column.articles:
            self._article(column, article)

    def _article(self, column: ColumnContent, article: Article) -> None:
        if article.status == 410:
            self.table[article.path] = self._page(not_found(self.site, 410), 410)
        if article.status != 200:
            return
        if not article.direct:
            self.table[article.path] = self._page(article_page(self.site, column, article))
        if article.image:
            self._file(
                article.image, png(24, 16, (90 + article.day.day * 5, 120, 60 + article.day.month * 10))
            )
        for number, attachment in enumerate(article.attachments):
            self._file(
                attachment.path,
                attachment_bytes(attachment.ext, article.day.toordinal() + number, article.title),
            )

    def _remove_broken(self) -> None:
        for spec in resolved_broken(self.site):
            if spec.status == 404:
                self.table.pop(spec.path, None)


def server_name(family: Family) -> str:
    return {"trs": "TRS WAS 5.0", "hanweb": "Apache-Coyote/1.1", "cards": "nginx", "dlist": "nginx/1.12.2"}[
        family.value
    ]
