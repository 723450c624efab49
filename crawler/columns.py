"""Reading one column: its list page, the pages after it, its data endpoints, and dates from articles.

Pages are walked only as far as the freshness question needs: until the dates read cover the
current and the previous quarter, the pages run out, or ``list_pages`` is reached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from freshwatch.config.models import CrawlSettings, ListOverride
from freshwatch.crawler.links import CheckResult
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.types import ErrorClass, Fetch
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import ArticleDate, Item, ListReading, ListVerdict

__all__ = ["ColumnRead", "coverage_start", "merge_readings", "read_column"]

GetPage = Callable[[str], Awaitable[CheckResult]]


@dataclass(frozen=True, slots=True)
class ColumnRead:
    fetch: Fetch  # the first list page (its error set when it can't be read as a list)
    reading: ListReading | None
    pages: tuple[CheckResult, ...]  # every HTML page fetched for the list, for the link walk
    pages_read: int


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


def _covered(reading: ListReading, start: date) -> bool:
    """Whether this page's dates reach back before ``start``: the pages after it are older still."""
    return any(i.published is not None and i.published < start for i in reading.items)


async def read_column(
    url: str,
    *,
    get_page: GetPage,
    get_text: Callable[[str], Awaitable[Fetch]],
    readers: Readers,
    settings: CrawlSettings,
    today: date,
    override: ListOverride | None = None,
) -> ColumnRead:
    first = await get_page(url)
    if first.error is ErrorClass.blocked and first.page is not None and first.fetch.ok:
        # a challenge page answered 200: the list reader calls it unreadable, which it is
        reading = readers.list_page(first.page, today=today, override=override)
        return ColumnRead(first.fetch, reading, (first,), 1)
    if first.error is not None or first.page is None:
        error = first.error or ErrorClass.bad_content
        fetch = replace(first.fetch, error=error, detail=first.detail or "not an HTML page")
        return ColumnRead(fetch, None, (first,), 1)
    reading = readers.list_page(first.page, today=today, override=override)
    pages: list[CheckResult] = [first]
    more: list[ListReading] = []
    start = coverage_start(today)
    covered = _covered(reading, start)
    for next_url in reading.next_pages:
        if covered or len(pages) >= settings.list_pages:
            break
        result = await get_page(next_url)
        if result.error is not None or result.page is None:
            break
        pages.append(result)
        more.append(readers.list_page(result.page, today=today, override=override))
        covered = _covered(more[-1], start)  # earlier pages did not reach back, or we'd have stopped
    more.extend(await _endpoints(reading.data_urls, get_text, readers, settings, today, start))
    merged = merge_readings(reading, more)
    if merged.verdict is ListVerdict.undated and settings.article_lookups:
        merged, articles = await _article_dates(merged, get_page, readers, settings, today)
        pages.extend(articles)
    return ColumnRead(first.fetch, merged, tuple(pages), len(pages))


async def _endpoints(
    urls: Sequence[str],
    get_text: Callable[[str], Awaitable[Fetch]],
    readers: Readers,
    settings: CrawlSettings,
    today: date,
    start: date,
) -> list[ListReading]:
    readings: list[ListReading] = []
    queue = list(urls)
    fetched = 0
    while queue and fetched < settings.list_pages:
        endpoint = queue.pop(0)
        fetch = await get_text(endpoint)
        fetched += 1
        if fetch.text is None:
            continue
        reading = readers.endpoint(fetch.text, fetch.final_url, today=today)
        readings.append(reading)
        if _covered(reading, start):
            break
        queue.extend(u for u in reading.next_pages if u not in queue)
    return readings


async def _article_dates(
    reading: ListReading, get_page: GetPage, readers: Readers, settings: CrawlSettings, today: date
) -> tuple[ListReading, list[CheckResult]]:
    """Open the newest undated items and read the date on the article itself."""
    newest = [i for i in reading.undated_items() if i.url][: settings.article_lookups]
    dates: dict[str, ArticleDate] = {}
    opened: list[CheckResult] = []
    for item in newest:
        result = await get_page(item.url)
        page: Page | None = result.page
        if result.error is None and page is not None:
            opened.append(result)
            dates[item.url] = readers.article(page, today=today)
    if not dates:
        return reading, opened
    return readers.with_article_dates(reading, dates), opened
