"""List endpoints that some CMSs fill their list pages from, read without a browser.

- 大汉 Hanweb JCMS ``/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&...``: an
  XML ``<datastore>`` whose ``<recordset>`` holds ``<record><![CDATA[<li>...</li>]]></record>`` rows (each
  row is the HTML the page would show) and ``<totalrecord>`` the column's size.
- Guangdong's shared disclosure platform gkmlpt ``/gkmlpt/api/all/{CATID}?page=N&sid=SID``: JSON with
  ``articles`` (``title``, ``url``, ``created_at``, ``display_publish_time``: epoch seconds or date
  strings) and ``total`` / ``page`` for paging.  Epoch times are read as China time (UTC+8): an article
  published at 00:30 Beijing time belongs to that day, not the day before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from freshwatch.detectors._scan import may_hold_date, sort_text
from freshwatch.detectors._urls import Resolver
from freshwatch.detectors.dates import date_from_url, parse_date_text, validate
from freshwatch.detectors.types import DateSource, Item, ListReading, ListVerdict, RejectedDate, RejectReason

__all__ = ["read_endpoint"]

CHINA = timezone(timedelta(hours=8))
_RECORD = re.compile(r"<record[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalrecord\s*=\s*['\"]?(\d+)", re.I)
_HREF = re.compile(r"""<a\b[^>]*?href\s*=\s*["']?([^"'\s>]+)[^>]*>(.*?)</a>""", re.S | re.I)
_TITLE_ATTR = re.compile(r"""title\s*=\s*["']([^"']*)["']""", re.I)
_TAGS = re.compile(r"<[^>]+>")


def read_endpoint(text: str, url: str, *, today: date) -> ListReading:
    """One endpoint response read like a list page; unknown formats are ``unreadable``."""
    stripped = text.lstrip("\ufeff \r\n\t")
    if stripped.startswith(("{", "[")):
        return _read_gkmlpt(stripped, url, today)
    if "<record" in stripped or "<datastore" in stripped or "<recordset" in stripped:
        return _read_dataproxy(stripped, url, today)
    return ListReading(
        ListVerdict.unreadable, reason="不是已知的列表接口格式（大汉 dataproxy XML 或 gkmlpt JSON）"
    )


def _row_item(
    row: str, resolve: Callable[[str], str], today: date, rejected: list[RejectedDate]
) -> Item | None:
    links = _HREF.findall(row)
    if not links:
        return None
    href, inner = max(links, key=lambda pair: len(_TAGS.sub("", pair[1]).strip()))
    title = _TAGS.sub("", inner).strip()
    attr = _TITLE_ATTR.search(row)
    if not title and attr:
        title = attr.group(1).strip()
    item_url = resolve(href.replace("&amp;", "&"))
    for piece in _TAGS.split(row):
        if not may_hold_date(piece):  # the scanner's own pre-test: no date form can match without it
            continue
        index, spelt, _ = sort_text(piece, today=today)
        if index is None:
            continue
        hit = spelt[index]
        if hit.ok:
            title = title.replace(hit.text, "").strip()
            return Item(title, item_url, hit.value, DateSource.api, hit.text)
        rejected.append(hit.rejection())
        return Item(
            title.replace(hit.text, "").strip(), item_url, None
        )  # a shown typo is not replaced by the URL
    from_url = date_from_url(item_url)
    if from_url is not None and validate(from_url, today=today) is None:
        return Item(title, item_url, from_url, DateSource.url, item_url)
    return Item(title, item_url, None)


def _read_dataproxy(text: str, url: str, today: date) -> ListReading:
    rejected: list[RejectedDate] = []
    items = []
    resolve = Resolver(url).resolve  # urljoin for every row, without parsing the base again each time
    for match in _RECORD.finditer(text):
        item = _row_item(match.group(1) or match.group(2) or "", resolve, today, rejected)
        if item is not None:
            items.append(item)
    total_m = _TOTAL.search(text)
    total = int(total_m.group(1) or total_m.group(2)) if total_m else None
    reason = f"大汉 dataproxy 接口：{len(items)} 条记录" + (f"，共 {total} 条" if total is not None else "")
    return _judge(items, rejected, reason, "datastore/recordset", _dataproxy_next(url, total))


def _dataproxy_next(url: str, total: int | None) -> tuple[str, ...]:
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    try:
        start, end = int(params["startrecord"]), int(params["endrecord"])
    except (KeyError, ValueError):
        return ()
    if total is None or end >= total:
        return ()
    size = end - start + 1
    params.update(startrecord=str(end + 1), endrecord=str(end + size))
    return (urlunsplit(parts._replace(query=urlencode(params))),)


def _gkml_date(value: Any, today: date) -> tuple[date | None, str, RejectReason | None]:
    """(date, text, problem) from epoch seconds/milliseconds or a date string."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        seconds = value / 1000 if value > 10**11 else value
        day = datetime.fromtimestamp(seconds, CHINA).date()
        return day, str(value), validate(day, today=today)
    if isinstance(value, str) and value.strip():
        if value.strip().isdigit():
            return _gkml_date(int(value.strip()), today)
        hits = parse_date_text(value, today=today)
        if hits:
            return hits[0].value, value, hits[0].problem
    return None, "", None


def _read_gkmlpt(text: str, url: str, today: date) -> ListReading:
    try:
        data = json.loads(text)
    except ValueError:
        return ListReading(ListVerdict.unreadable, reason="接口返回的 JSON 无法解析")
    body = data.get("data", data) if isinstance(data, dict) else {}
    articles = body.get("articles") if isinstance(body, dict) else None
    if not isinstance(articles, list):
        return ListReading(ListVerdict.unreadable, reason="JSON 中没有 articles 字段")
    items: list[Item] = []
    rejected: list[RejectedDate] = []
    for art in articles:
        if not isinstance(art, dict):
            continue
        item_url = urljoin(url, str(art.get("url") or ""))
        published: date | None = None
        date_text: str | None = None
        for key in ("display_publish_time", "publish_time", "created_at"):
            day, shown, problem = _gkml_date(art.get(key), today)
            if day is not None and problem is None:
                published, date_text = day, f"{key}={shown}"
                break
            if day is not None:
                rejected.append(RejectedDate(f"{key}={shown}", problem or RejectReason.after_crawl_day))
        source = DateSource.api if published is not None else None
        items.append(Item(str(art.get("title") or "").strip(), item_url, published, source, date_text))
    total = body.get("total")
    page = body.get("page")
    next_pages: tuple[str, ...] = ()
    if isinstance(total, int) and isinstance(page, int) and articles and page * len(articles) < total:
        parts = urlsplit(url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        params["page"] = str(page + 1)
        next_pages = (urlunsplit(parts._replace(query=urlencode(params))),)
    reason = f"gkmlpt 接口：{len(items)} 篇" + (f"，共 {total} 篇" if isinstance(total, int) else "")
    return _judge(items, rejected, reason, "articles", next_pages)


def _judge(
    items: list[Item], rejected: list[RejectedDate], reason: str, container: str, next_pages: tuple[str, ...]
) -> ListReading:
    if not items:
        verdict = ListVerdict.blank
    elif any(i.published is not None for i in items):
        verdict = ListVerdict.ok
    else:
        verdict = ListVerdict.undated
    return ListReading(verdict, tuple(items), reason, container, next_pages, rejected=tuple(rejected))
