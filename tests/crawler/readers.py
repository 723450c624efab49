"""Tiny list readers with the detectors' signatures, so crawl tests don't depend on their heuristics."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from freshwatch.crawler.readers import Readers
from freshwatch.detectors.links import normalize_url
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import ArticleDate, DateSource, Item, ListReading, ListVerdict

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(text: str) -> date | None:
    match = _DATE.search(text)
    return date(*map(int, match.groups())) if match else None


def read_list(page: Page, *, today: date, override: Any = None) -> ListReading:
    items = []
    for li in page.tree.css("ul.list li"):
        link = li.css_first("a")
        if link is None:
            continue
        url = normalize_url(link.attributes.get("href") or "", page.url) or ""
        span = li.css_first("span")
        published = _date(span.text()) if span is not None else None
        if published and published > today:
            published = None
        items.append(Item(link.text(strip=True), url, published, DateSource.list_text if published else None))
    nexts = tuple(
        u for a in page.tree.css("a.next") if (u := normalize_url(a.attributes.get("href") or "", page.url))
    )
    data = tuple(
        u
        for n in page.tree.css("[data-endpoint]")
        if (u := normalize_url(n.attributes.get("data-endpoint") or "", page.url))
    )
    if not items:
        verdict = ListVerdict.blank if page.tree.css_first("ul.list") is not None else ListVerdict.unreadable
    elif any(i.published for i in items):
        verdict = ListVerdict.ok
    else:
        verdict = ListVerdict.undated
    return ListReading(verdict, tuple(items), next_pages=nexts, data_urls=data)


def with_article_dates(reading: ListReading, dates: Mapping[str, ArticleDate]) -> ListReading:
    items = tuple(
        replace(i, published=dates[i.url].published, date_source=DateSource.article_meta)
        if i.url in dates and dates[i.url].published
        else i
        for i in reading.items
    )
    verdict = ListVerdict.ok if any(i.published for i in items) else reading.verdict
    return replace(reading, items=items, verdict=verdict)


def read_article_date(page: Page, *, today: date) -> ArticleDate:
    meta = page.tree.css_first("meta[name=PubDate]")
    published = _date(meta.attributes.get("content") or "") if meta is not None else None
    return ArticleDate(published, DateSource.article_meta if published else None)


def read_home(page: Page, *, today: date) -> ListReading:
    return read_list(page, today=today)


def read_endpoint(text: str, url: str, *, today: date) -> ListReading:
    data = json.loads(text)
    items = tuple(Item(i["title"], i["url"], _date(i["date"]), DateSource.api) for i in data["items"])
    return ListReading(ListVerdict.ok if items else ListVerdict.blank, items)


SIMPLE = Readers(read_list, with_article_dates, read_article_date, read_home, read_endpoint)
