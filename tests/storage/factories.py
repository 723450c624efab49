"""Small builders for what a crawl hands to storage, so each test reads as its scenario."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Category
from freshwatch.crawler.types import ColumnObservation, ErrorClass, Fetch, LinkCheck, Referrer, SiteCrawl
from freshwatch.detectors.types import DateSource, Item, LinkKind, ListReading, ListVerdict

HOME = "http://127.0.0.1:8101/"
NEWS = "http://127.0.0.1:8101/gzdt/"


def at(day: str, hour: int = 2) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC).replace(hour=hour)


def item(path: str, published: str | None, title: str = "") -> Item:
    return Item(
        title=title or f"标题 {path}",
        url=f"{HOME}{path}",
        published=date.fromisoformat(published) if published else None,
        date_source=DateSource.list_text if published else None,
        date_text=published,
    )


def column(
    items: Iterable[Item] = (),
    *,
    unit: str = "hbfj",
    url: str = NEWS,
    category: Category = Category.news,
    verdict: ListVerdict | None = None,
    error: ErrorClass | None = None,
) -> ColumnObservation:
    items = tuple(items)
    fetch = Fetch(url=url, final_url=url, status=None if error else 200, error=error)
    reading = (
        None
        if error
        else ListReading(verdict=verdict or (ListVerdict.ok if items else ListVerdict.blank), items=items)
    )
    return ColumnObservation(
        key=ColumnKey(unit, HOME, "工作动态", url, category),
        fetch=fetch,
        reading=reading,
    )


def link(
    path: str,
    error: ErrorClass | None = None,
    *,
    status: int | None = None,
    kind: LinkKind = LinkKind.page,
    found_on: Iterable[str] = (HOME,),
) -> LinkCheck:
    if status is None:
        status = {None: 200, ErrorClass.http_4xx: 404, ErrorClass.blocked: 403}.get(error)
    return LinkCheck(
        url=f"{HOME}{path}",
        kind=kind,
        status=status,
        error=error,
        found_on=tuple(Referrer(page=page, text="链接") for page in found_on),
    )


def site(
    columns: Iterable[ColumnObservation] = (), links: Iterable[LinkCheck] = (), *, unit: str = "hbfj"
) -> SiteCrawl:
    return SiteCrawl(
        unit_id=unit, site_home=HOME, columns=tuple(columns), links=tuple(links), pages_fetched=3, requests=5
    )
