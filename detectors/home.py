"""A home page's newest dated item, for the national 首页不更新 rule.

A home page carries several lists (要闻, 通知公告, 政策文件...), so there is no single main list: every
date field outside the page chrome is paired with the link of its item, and links whose URL carries a
date (``t20181012_...``) count too.  The header's "今天是..." widget, footers and friend-link boxes are
chrome and never date the home page; challenge pages and SPA shells come out ``unreadable``.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from freshwatch.detectors import _pager
from freshwatch.detectors._blocks import links_in, title_of
from freshwatch.detectors._scan import DateField, in_chrome, scan, visible_text
from freshwatch.detectors.dates import date_from_url, validate
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import DateSource, Item, ListReading, ListVerdict, RejectedDate, RejectReason

__all__ = ["read_home"]


def read_home(page: Page, *, today: date) -> ListReading:
    """Dated items anywhere on the home page but its chrome; ``latest`` is the newest."""
    root = page.tree.body
    body_len = len(visible_text(root))
    shell = _pager.shell_reason(page.html, page.title, body_len)
    if shell or root is None:
        return ListReading(ListVerdict.unreadable, reason=shell or "页面没有正文")
    found = scan(root, today=today, depth=None)
    items: dict[str, Item] = {}
    rejected = [
        RejectedDate(n.text, n.reason) for n in found.not_fields if n.reason is RejectReason.today_widget
    ]
    for fld in found.fields:
        if fld.chrome:
            rejected.append(RejectedDate(fld.hit.text, RejectReason.in_chrome, fld.chrome))
            continue
        item = _item_of(fld, page.url, rejected)
        if item is not None and item.url not in items:
            items[item.url] = item
    for item in _url_dated(root, page.url, today):
        items.setdefault(item.url, item)
    if not items:
        js = _pager.js_list_reason(page.html)
        return ListReading(
            ListVerdict.unreadable, reason=js or "首页上没有带日期的条目", rejected=tuple(rejected)
        )
    return ListReading(
        ListVerdict.ok,
        tuple(items.values()),
        f"首页上 {len(items)} 个带日期的条目",
        "body",
        rejected=tuple(rejected),
    )


def _item_of(fld: DateField, base: str, rejected: list[RejectedDate]) -> Item | None:
    if not fld.hit.ok:
        rejected.append(fld.hit.rejection())
        return None
    for ancestor in fld.ancestors[:4]:
        anchors = links_in(ancestor)
        if not anchors:
            continue
        if len({a.attributes.get("href") for a in anchors}) > 2:
            return None  # the date belongs to a box of links, not to one of them
        anchor, title = max(((a, title_of(a, [fld])) for a in anchors), key=lambda p: len(p[1]))
        url = urljoin(base, anchor.attributes.get("href") or "")
        return Item(title, url, fld.hit.value, DateSource.list_text, fld.hit.text)
    return None


def _url_dated(root: LexborNode, base: str, today: date) -> list[Item]:
    out: list[Item] = []
    for anchor in root.css("a[href]"):
        href = anchor.attributes.get("href") or ""
        value = date_from_url(href)
        if value is None or validate(value, today=today) is not None or in_chrome(anchor):
            continue
        url = urljoin(base, href)
        out.append(Item(anchor.text(strip=True), url, value, DateSource.url, url))
    return out
