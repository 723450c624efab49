"""What the detectors read off a page: items with dates, links, verdicts.  Frozen values only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from freshwatch.kinds import LinkKind, ListVerdict


class DateSource(StrEnum):
    """Where an item's date came from, cheapest evidence first; ``explain`` prints it."""

    list_text = "list_text"  # the date printed next to the item in the list
    list_override = "list_override"  # the per-column CSS override
    url = "url"  # t20181012_123456.html, /art/2018/10/12/...
    article_meta = "article_meta"  # <meta name="PubDate">, article:published_time, ...
    article_text = "article_text"  # 发布时间：... in the article body
    api = "api"  # a JSON/XML list endpoint (gkmlpt, Hanweb dataproxy)


@dataclass(frozen=True, slots=True)
class Item:
    title: str
    url: str  # absolute
    published: date | None
    date_source: DateSource | None = None
    date_text: str | None = None  # the text the date was read from
    pinned: bool = False


class RejectReason(StrEnum):
    """Why a date on a page was not taken as a publish date; ``explain`` words each for people."""

    after_crawl_day = "after the crawl day"  # a typo, or a deadline
    before_earliest = "before the earliest plausible day"
    today_widget = "today-is widget"  # 今天是2018年12月31日 星期一
    running_text = "in running text, not a date field"
    link_title = "part of a link's title"
    not_the_list = "not the column's list"  # the detail names why (chrome, side box, ...)
    in_chrome = "in the page chrome"  # the detail names the marker


@dataclass(frozen=True, slots=True)
class RejectedDate:
    text: str
    reason: RejectReason
    detail: str = ""  # which item, which container, which marker


@dataclass(frozen=True, slots=True)
class ListReading:
    """One list page read: its items, a verdict, and where to go next."""

    verdict: ListVerdict
    items: tuple[Item, ...] = ()
    reason: str = ""  # why this list was chosen / why unreadable, for explain
    container: str = ""  # a CSS-ish path of the chosen container, for explain
    next_pages: tuple[str, ...] = ()  # pagination URLs (index_1.html, ?page=2, createPageHTML)
    data_urls: tuple[str, ...] = ()  # list endpoints to fetch instead (dataproxy.jsp, gkmlpt api)
    rejected: tuple[RejectedDate, ...] = ()

    @property
    def latest(self) -> date | None:
        dates = [i.published for i in self.items if i.published is not None]
        return max(dates) if dates else None

    def undated_items(self) -> list[Item]:
        return [i for i in self.items if i.published is None]


@dataclass(frozen=True, slots=True)
class Link:
    url: str  # absolute, normalised
    kind: LinkKind
    text: str = ""  # anchor text or alt
    tag: str = "a"  # a, img, link, script, iframe, area


@dataclass(frozen=True, slots=True)
class ArticleDate:
    published: date | None
    source: DateSource | None = None
    text: str | None = None
    rejected: tuple[RejectedDate, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class DateHit:
    """One date found in a piece of text, with where it sat; ``problem`` is set by the one validator."""

    value: date
    start: int
    end: int
    text: str
    has_year: bool = True  # False for 10-12 / (10-12): the year was inferred from ``today``
    has_time: bool = False
    problem: RejectReason | None = None  # None when plausible; else why the one validator rejected it

    @property
    def ok(self) -> bool:
        return self.problem is None

    def rejection(self, detail: str = "") -> RejectedDate:
        """This date as one the validator turned down (only for a hit that is not ``ok``)."""
        assert self.problem is not None, "an accepted date is not a rejection"
        return RejectedDate(self.text, self.problem, detail)
