"""Reading one column back to its anchor: list pages, list endpoints and article dates, in the list's order.

The quarterly table is asked about the current and the previous quarter, so a column is read back to
its *anchor*, the last update before the first day of the previous quarter (``coverage_start``).  The
walk follows the list's own order, page after page, and stops when:

* the list, read in order, has passed below that day: the last two dated items read (across pages,
  items marked pinned left out) are both older than it.  A pinned (置顶), misdated or promoted old item
  sits among newer ones, so it is never followed by a second old one and never stops the walk alone;
* the stored history is met (an incremental crawl): the last two items of a page are already stored
  and the stored history is complete back to the window's start;
* the list runs out, a page fails, the page cap ``list_pages`` is reached, or (a dateless list) the
  per-crawl article look-ups ``article_lookups`` run out.  Each end is recorded with the column, so a
  cap reached is shown, never silent.

``history_from`` is the day from which the column's history is complete after this read: the anchor
(or the start of the window when the list ran out before it), the stored ``history_from`` when the walk
joined the stored history, else the oldest date read in order (the rest is read on the next crawls).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from freshwatch.config.models import CrawlSettings, ListOverride
from freshwatch.crawler.links import CheckResult
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.types import ColumnMemory, ErrorClass, Fetch, WalkEnd
from freshwatch.detectors import page_number
from freshwatch.detectors.types import ArticleDate, Item, ListReading, ListVerdict

__all__ = ["ColumnRead", "coverage_start", "merge_readings", "read_column"]

GetPage = Callable[[str], Awaitable[CheckResult]]
GetText = Callable[[str], Awaitable[Fetch]]
TAIL = 2  # items at a page's end that must agree before the walk trusts the list's order


@dataclass(frozen=True, slots=True)
class ColumnRead:
    fetch: Fetch  # the first list page (its error set when it can't be read as a list)
    reading: ListReading | None
    pages: tuple[CheckResult, ...]  # every HTML page fetched for the list, for the link walk
    pages_read: int
    history_from: date | None = None
    walk_end: WalkEnd | None = None
    requests: int = 0


def _quarter_start(day: date) -> date:
    return date(day.year, day.month - (day.month - 1) % 3, 1)


def coverage_start(today: date) -> date:
    """First day of the quarter before the one ``today`` is in: the start of the quarter that holds
    the eve of this quarter (so the year turns over by itself)."""
    return _quarter_start(_quarter_start(today) - timedelta(days=1))


def merge_readings(first: ListReading, more: Sequence[ListReading]) -> ListReading:
    """One reading of all pages: items in page order without repeats, the best verdict."""
    items: dict[str, Item] = {}
    for reading in (first, *more):
        for item in reading.items:
            items.setdefault(item.url or item.title, item)
    verdicts = [r.verdict for r in (first, *more)]
    verdict = first.verdict
    for candidate in (ListVerdict.ok, ListVerdict.undated):
        if candidate in verdicts:
            verdict = candidate
            break
    rejected = tuple(r for reading in (first, *more) for r in reading.rejected)
    return replace(first, verdict=verdict, items=tuple(items.values()), rejected=rejected)


class _Order:
    """The walk's view of the list's order: where it stands against the anchor day and the stored items."""

    def __init__(self, start: date, memory: ColumnMemory) -> None:
        self.start = start
        self.memory = memory
        # incremental once the stored history covers the whole window, or reaches as far as the page
        # cap lets it (a dateless list still being dated walks on: its stored dates cost nothing)
        stored = memory.history_from
        self.incremental = stored is not None and (stored <= start or memory.capped)
        self.last_dated: date | None = None  # the last date read in order (pinned items left out)
        self.anchor: date | None = None
        self.oldest: date | None = None
        self.dated: list[date] = []  # every date read, in the list's order

    def judge(self, reading: ListReading) -> WalkEnd | None:
        """Read one page in order; the reason to stop after it, or None to go on."""
        listed = [i for i in reading.items if not i.pinned]
        for day in (i.published for i in reading.items if i.published is not None):
            self.oldest = day if self.oldest is None else min(self.oldest, day)
        self.dated.extend(i.published for i in listed if i.published is not None)
        if self.dated:
            self.last_dated = self.dated[-1]
        tail = self.dated[-TAIL:]
        if len(tail) == TAIL and all(day < self.start for day in tail):
            self.anchor = _run_head(self.dated, self.start)
            return WalkEnd.anchor
        end = listed[-TAIL:]
        if self.incremental and end and all(i.key in self.memory.dated for i in end):
            return WalkEnd.known
        return None

    def history_from(self, end: WalkEnd) -> date | None:
        stored = self.memory.history_from
        if end is WalkEnd.known:
            return stored
        if end is WalkEnd.anchor and self.anchor is not None:
            return min(self.anchor, stored) if stored is not None else self.anchor
        if end is WalkEnd.end:
            return min(self.start, self.oldest) if self.oldest is not None else self.start
        return self.last_dated


def _run_head(dated: list[date], start: date) -> date:
    """The newest date of the run below ``start`` that ends the page: the anchor."""
    head = dated[-1]
    for day in reversed(dated):
        if day >= start:
            break
        head = day
    return head


class _Dater:
    """Dates a dateless list's items: stored dates first, then the articles, up to the per-crawl cap."""

    def __init__(self, get_page: GetPage, readers: Readers, memory: ColumnMemory, budget: int, today: date):
        self.get_page = get_page
        self.readers = readers
        self.memory = memory
        self.budget = budget
        self.today = today
        self.opened: list[CheckResult] = []
        self.requests = 0
        self.exhausted = False

    async def date(self, reading: ListReading) -> ListReading:
        undated = [i for i in reading.undated_items() if i.url]
        if not undated or (reading.verdict is not ListVerdict.undated and not self._stored(undated)):
            return reading
        dates: dict[str, ArticleDate] = {}
        for item in undated:
            stored = self.memory.dated.get(item.url)
            if stored is not None:
                dates[item.url] = ArticleDate(stored)
                continue
            if reading.verdict is not ListVerdict.undated:
                continue  # a dated list: an undated row is not worth an article fetch
            if self.budget <= 0:
                self.exhausted = True
                break
            self.budget -= 1
            self.requests += 1
            result = await self.get_page(item.url)
            if result.error is None and result.page is not None:
                self.opened.append(result)
                dates[item.url] = self.readers.article(result.page, today=self.today)
        return self.readers.with_article_dates(reading, dates) if dates else reading

    def _stored(self, undated: list[Item]) -> bool:
        return any(self.memory.dated.get(i.url) is not None for i in undated)


async def read_column(
    url: str,
    *,
    get_page: GetPage,
    get_text: GetText,
    readers: Readers,
    settings: CrawlSettings,
    today: date,
    override: ListOverride | None = None,
    memory: ColumnMemory | None = None,
) -> ColumnRead:
    memory = memory or ColumnMemory()
    first = await get_page(url)
    if first.error is ErrorClass.blocked and first.page is not None and first.fetch.ok:
        # a challenge page answered 200: the list reader calls it unreadable, which it is
        reading = readers.list_page(first.page, today=today, override=override)
        return ColumnRead(first.fetch, reading, (first,), 1, walk_end=WalkEnd.unread, requests=1)
    if first.error is not None or first.page is None:
        error = first.error or ErrorClass.bad_content
        fetch = replace(first.fetch, error=error, detail=first.detail or "not an HTML page")
        return ColumnRead(fetch, None, (first,), 1, walk_end=WalkEnd.unread, requests=1)
    start = coverage_start(today)
    order = _Order(start, memory)
    dater = _Dater(get_page, readers, memory, settings.article_lookups, today)
    pages: list[CheckResult] = [first]
    requests = 1

    async def html_page(next_url: str) -> ListReading | None:
        result = await get_page(next_url)
        if result.error is not None or result.page is None:
            return None
        pages.append(result)
        return readers.list_page(result.page, today=today, override=override)

    async def endpoint(next_url: str) -> ListReading | None:
        fetch = await get_text(next_url)
        if fetch.text is None:
            return None
        return readers.endpoint(fetch.text, fetch.final_url, today=today)

    reading = await dater.date(readers.list_page(first.page, today=today, override=override))
    walk = _Walk(order, dater, settings.list_pages)
    more, end = await walk.run(reading, reading.next_pages, html_page, pages_read=1)
    requests += walk.requests
    if reading.data_urls:
        endpoint_walk = _Walk(_Order(start, memory), dater, settings.list_pages)
        found, end = await endpoint_walk.run(None, reading.data_urls, endpoint, pages_read=0)
        requests += endpoint_walk.requests
        order = endpoint_walk.order
        more.extend(found)
    merged = merge_readings(reading, more)
    pages.extend(dater.opened)
    requests += dater.requests
    history_from = order.history_from(end) if merged.verdict is not ListVerdict.unreadable else None
    if end is WalkEnd.known and memory.capped:
        end = WalkEnd.cap  # joined a history the page cap cut short: it still is, and says so
    return ColumnRead(first.fetch, merged, tuple(pages), len(pages), history_from, end, requests)


class _Walk:
    """Page after page in the list's order until :class:`_Order` says the window is read."""

    def __init__(self, order: _Order, dater: _Dater, cap: int) -> None:
        self.order = order
        self.dater = dater
        self.cap = cap
        self.requests = 0

    async def run(
        self,
        first: ListReading | None,
        next_urls: Sequence[str],
        fetch: Callable[[str], Awaitable[ListReading | None]],
        *,
        pages_read: int,
    ) -> tuple[list[ListReading], WalkEnd]:
        readings: list[ListReading] = []
        visited: set[str] = set()
        queue = list(next_urls)
        current = 0  # the page number of the page read last (the first page has none)
        if first is not None:
            end = self._judge(first)
            if end is not None:
                return readings, end
        while True:
            next_url = _next_page(queue, visited, current)
            if next_url is None:
                return readings, WalkEnd.end
            if pages_read >= self.cap:
                return readings, WalkEnd.cap
            visited.add(next_url)
            current = page_number(next_url) or current
            self.requests += 1
            pages_read += 1
            found = await fetch(next_url)
            if found is None:
                return readings, WalkEnd.failed
            found = await self.dater.date(found)
            readings.append(found)
            end = self._judge(found)
            if end is not None:
                return readings, end
            # the newest page's pager first: it names the next page; older pagers fill gaps
            queue = [*found.next_pages, *(u for u in queue if u not in found.next_pages)]

    def _judge(self, reading: ListReading) -> WalkEnd | None:
        end = self.order.judge(reading)
        if end is None and self.dater.exhausted:
            return WalkEnd.lookups
        return end


def _next_page(queue: Sequence[str], visited: set[str], current: int) -> str | None:
    """The page after ``current``: the lowest numbered page beyond it, else a 下一页 link's page
    (pager links to earlier pages, the first page among them, are never read again)."""
    fresh = [u for u in queue if u not in visited]
    numbered = [(n, u) for u in fresh if (n := page_number(u)) is not None and n > current]
    if numbered:
        return min(numbered)[1]
    return next((u for u in fresh if page_number(u) is None), None)
