"""What a crawl returns: fetches, link checks and column observations.  Failures are values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from freshwatch.config.keys import ColumnKey, KeyedByColumn
from freshwatch.detectors.content_types import PageContent
from freshwatch.detectors.types import ListReading
from freshwatch.kinds import ErrorClass, LinkKind

if TYPE_CHECKING:
    from freshwatch.crawler.attachments import AttachmentRead


@dataclass(frozen=True, slots=True)
class Fetch:
    """One URL fetched (or tried).  ``error`` is None when the fetch succeeded."""

    url: str
    final_url: str
    status: int | None
    error: ErrorClass | None = None
    detail: str = ""
    content_type: str = ""
    text: str | None = None  # decoded HTML/XML/JSON text, None for binaries and failures
    ttfb: float | None = None  # seconds
    elapsed: float | None = None  # seconds
    redirects: tuple[str, ...] = ()
    fetched_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class Referrer:
    page: str
    text: str = ""
    tag: str = "a"


@dataclass(frozen=True, slots=True)
class LinkCheck:
    url: str
    kind: LinkKind
    status: int | None
    error: ErrorClass | None
    detail: str = ""
    found_on: tuple[Referrer, ...] = ()
    checked_at: datetime | None = None

    @property
    def broken(self) -> bool:
        return self.error is not None and self.error is not ErrorClass.blocked

    @property
    def blocked(self) -> bool:
        return self.error is ErrorClass.blocked


class WalkEnd(StrEnum):
    """Why a column's walk back through its list stopped."""

    anchor = "anchor"  # the list, read in order, passed below the first day of the previous quarter
    known = "known"  # it met items already stored (an incremental crawl joined the stored history)
    end = "end"  # the list ran out: every item was read
    cap = "cap"  # the per-column page cap was reached first (recorded and shown, never silent)
    failed = "failed"  # a further page could not be fetched
    lookups = "lookups"  # a dateless list: the per-crawl article look-ups ran out (read on next crawls)
    unread = "unread"  # the first page could not be read as a list


@dataclass(frozen=True, slots=True)
class ColumnMemory:
    """What storage already knows of a column, handed in by the shell: the crawler imports no storage.

    ``dated`` maps every stored item URL to its stored publish date (None: stored undated), so an
    article already dated is never opened again and an incremental walk knows where to stop;
    ``history_from`` is the day from which the stored history is complete (None: not yet).
    """

    dated: Mapping[str, date | None] = field(default_factory=dict)
    history_from: date | None = None
    capped: bool = False  # the stored walk stopped at the page cap: join it, don't re-walk to the cap daily


@dataclass(frozen=True, slots=True)
class ColumnObservation(KeyedByColumn):
    """A column's list read in one crawl (pagination and article look-ups folded in)."""

    key: ColumnKey
    fetch: Fetch  # the first list page
    reading: ListReading | None  # None when the list page could not be fetched
    pages_read: int = 1
    observed_at: datetime | None = None
    history_from: date | None = None  # the day from which the column's history is complete, after this read
    walk_end: WalkEnd | None = None  # why the walk stopped
    requests: int = 0  # fetches this column's read cost (list pages, endpoints, articles)

    @property
    def reachable(self) -> bool:
        return self.fetch.ok and self.reading is not None


@dataclass(frozen=True, slots=True)
class Probe:
    """A home-page availability probe."""

    unit_id: str
    site_home: str
    status: int | None
    error: ErrorClass | None
    ttfb: float | None
    elapsed: float | None
    probed_at: datetime

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class SiteCrawl:
    """Everything one site's crawl found; handed to storage as soon as the site is done."""

    unit_id: str
    site_home: str
    columns: tuple[ColumnObservation, ...]
    links: tuple[LinkCheck, ...]
    pages_fetched: int = 0
    requests: int = 0
    complete: bool = True
    errors: tuple[str, ...] = field(default=())
    content: tuple[PageContent, ...] = ()  # content checks of each page fetched (when enabled)
    attachments: tuple[AttachmentRead, ...] = ()  # attachments read for the content checks
