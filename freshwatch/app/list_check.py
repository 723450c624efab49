"""Is this URL a column's list page?  One fetch, read with the crawler's list reader.

Used by ``discover`` (is each proposed URL really a list?) and ``check-config`` (is each registered
column still one?).  A page whose list is filled from an endpoint the reader names (Hanweb dataproxy,
gkmlpt's API) costs one more fetch: without it a gkmlpt column has no dates to show.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date

from freshwatch.crawler.fetch import Fetcher
from freshwatch.crawler.links import status_error
from freshwatch.crawler.types import Fetch
from freshwatch.detectors.endpoints import read_endpoint
from freshwatch.detectors.links import normalize_url
from freshwatch.detectors.listing import read_list
from freshwatch.detectors.page import parse_page
from freshwatch.detectors.types import ListReading
from freshwatch.kinds import ErrorClass, ListVerdict

__all__ = ["ListCheck", "PageCache", "check_list"]

LIST_VERDICTS = frozenset({ListVerdict.ok, ListVerdict.undated, ListVerdict.blank})
SHOWN_DATES = 5  # distinct dates a check reports, newest first


@dataclass(frozen=True, slots=True)
class ListCheck:
    """What one fetch of a column URL showed."""

    url: str
    final_url: str
    status: int | None
    error: ErrorClass | None
    detail: str
    verdict: ListVerdict | None  # None when the page could not be fetched
    dates: tuple[date, ...]  # the newest distinct dates read, newest first
    items: int
    title: str
    reason: str

    @property
    def reachable(self) -> bool:
        return self.error is None

    @property
    def is_list(self) -> bool:
        return self.verdict in LIST_VERDICTS

    @property
    def dated(self) -> bool:
        return self.verdict is ListVerdict.ok

    @property
    def latest(self) -> date | None:
        return self.dates[0] if self.dates else None

    @property
    def redirected(self) -> bool:
        """The server sent the column elsewhere (a trailing ``index.html`` or slash alone does not count)."""
        target = self.final_url.split("#", 1)[0]
        source = self.url.split("#", 1)[0]
        return self.error is None and _same_page(source) != _same_page(target)


def _same_page(url: str) -> str:
    normal = normalize_url(url) or url
    for index in ("index.html", "index.htm", "index.shtml", "index.jsp", "default.html", "default.aspx"):
        normal = normal.removesuffix(index)
    return normal.rstrip("/")


class PageCache:
    """One GET per URL (fragment dropped: gkmlpt's ``index#1`` and ``index#2`` are one page)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._tasks: dict[str, asyncio.Task[Fetch]] = {}

    async def get(self, url: str) -> Fetch:
        key = url.split("#", 1)[0]
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = asyncio.ensure_future(self._fetch(key))
        return await asyncio.shield(task)

    async def _fetch(self, url: str) -> Fetch:
        fetch = (await self.fetcher.fetch(url, mode="text")).fetch
        error = status_error(fetch.status) if fetch.error is None and fetch.status is not None else None
        if error is not None:
            return replace(fetch, error=error, detail=f"HTTP {fetch.status}", text=None)
        return fetch


async def check_list(url: str, pages: PageCache, *, today: date) -> ListCheck:
    """Fetch ``url`` once and read it as a list page."""
    fetch = await pages.get(url)
    if fetch.error is not None or fetch.text is None:
        error = fetch.error or ErrorClass.bad_content
        detail = fetch.detail or "不是 HTML 页面"
        return ListCheck(url, fetch.final_url, fetch.status, error, detail, None, (), 0, "", "")
    fragment = url.partition("#")[2]
    page = parse_page(fetch.text, fetch.final_url + (f"#{fragment}" if fragment else ""))
    reading = read_list(page, today=today)
    if not reading.items and reading.data_urls:
        reading = await _from_endpoint(reading, pages, today)
    dates = tuple(sorted({i.published for i in reading.items if i.published is not None}, reverse=True))
    return ListCheck(
        url,
        fetch.final_url,
        fetch.status,
        None,
        fetch.detail,
        reading.verdict,
        dates[:SHOWN_DATES],
        len(reading.items),
        page.title,
        reading.reason,
    )


async def _from_endpoint(reading: ListReading, pages: PageCache, today: date) -> ListReading:
    endpoint = await pages.get(reading.data_urls[0])
    if endpoint.text is None:
        return reading
    return read_endpoint(endpoint.text, endpoint.final_url, today=today)
