"""What a digest says, as values ready to render: one unit's news, or the office's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from freshwatch.scoring.types import ContentIssue, Quarter


@dataclass(frozen=True, slots=True)
class SiteOutage:
    """Probes of one home page that failed inside the digest's window."""

    unit_id: str
    site_home: str
    failures: int
    probes: int
    last_failure: datetime
    last_error: str


@dataclass(frozen=True, slots=True)
class OverdueColumn:
    """A column overdue on the digest's day, however long ago its warning fired (gathered from scoring)."""

    unit_id: str
    site_home: str
    column_name: str
    column_url: str
    category: str  # the category's Chinese label
    latest: date
    due: date
    days_overdue: int
    points_this_quarter: float  # what its warnings cost in the quarter so far
    new: bool  # a warning of this column fired since the last digest


@dataclass(frozen=True, slots=True)
class ColumnProblem:
    """A column that is blank, unreadable or unreachable on its last crawl, or whose history is not known."""

    unit_id: str
    site_home: str
    column_name: str
    column_url: str
    problem: str  # in Chinese, ready to print


@dataclass(frozen=True, slots=True)
class WarningItem:
    site: str
    column: str
    url: str
    category: str  # the category's Chinese label
    latest: date  # the last update that anchors the warning
    due: date
    triggered: date
    points: float


@dataclass(frozen=True, slots=True)
class ReminderItem:
    site: str
    column: str
    url: str
    category: str
    latest: date
    due: date  # update by this date to avoid the warning
    days_left: int


@dataclass(frozen=True, slots=True)
class LinkItem:
    url: str
    kind: str
    error: str
    status: int | None
    found_on: tuple[str, ...]
    new: bool = True  # first found broken since the last digest


@dataclass(frozen=True, slots=True)
class OverdueItem:
    site: str
    column: str
    url: str
    category: str
    latest: date
    due: date
    days_overdue: int
    points: float  # cost in the quarter so far
    new: bool


@dataclass(frozen=True, slots=True)
class ProblemItem:
    site: str
    column: str
    url: str
    problem: str


@dataclass(frozen=True, slots=True)
class OutageItem:
    site: str
    home: str
    failures: int
    probes: int
    last_failure: datetime
    last_error: str


@dataclass(frozen=True, slots=True)
class RectificationItem:
    """A unit's 已整改 claim that a crawl in the window checked: fixed, or reopened (and why)."""

    what: str  # 栏目“…” or the link's url
    note: str  # the unit's own note
    fixed_on: date | None  # None: not fixed, reopened
    check_note: str


@dataclass(frozen=True, slots=True)
class UnitSummary:
    """One row of the office digest: what is new for a unit and its quarter-to-date score."""

    unit_id: str
    unit_name: str
    new_warnings: int
    reminders: int
    new_broken_links: int
    outages: int
    deducted: float | None
    score: float | None
    overdue: int = 0  # every column overdue today (the to-do list), new or not
    failing_links: int = 0  # every link still failing, new or not
    problems: int = 0  # blank / unreadable / unreachable columns, and columns whose history is not known


@dataclass(frozen=True, slots=True)
class Digest:
    OFFICE_ID: ClassVar[str] = "_office"  # unit ids start with a letter or digit, so this never clashes

    day: date
    since: date  # the first day the digest covers
    unit_id: str
    unit_name: str
    warnings: tuple[WarningItem, ...] = ()
    reminders: tuple[ReminderItem, ...] = ()
    broken_links: tuple[LinkItem, ...] = ()
    outages: tuple[OutageItem, ...] = ()
    rectifications: tuple[RectificationItem, ...] = ()
    summary: tuple[UnitSummary, ...] = ()
    quarter: Quarter | None = None
    findings: tuple[ContentIssue, ...] = ()  # content findings first seen in the window (masked)
    overdue: tuple[OverdueItem, ...] = ()  # the to-do list: every overdue column, new ones marked
    failing_links: tuple[LinkItem, ...] = ()  # every link still failing, new ones marked
    problems: tuple[ProblemItem, ...] = ()
    to_do: bool = False  # composed as a to-do list (standing problems included)

    @property
    def is_office(self) -> bool:
        return self.unit_id == self.OFFICE_ID

    @property
    def is_empty(self) -> bool:
        if self.is_office:
            return not any(_has_news(row) for row in self.summary)
        standing = self.overdue or self.failing_links or self.problems
        return not (
            self.warnings
            or self.reminders
            or self.broken_links
            or self.outages
            or self.findings
            or self.rectifications
            or standing
        )


def _has_news(row: UnitSummary) -> bool:
    standing = row.overdue or row.failing_links or row.problems
    return bool(row.new_warnings or row.reminders or row.new_broken_links or row.outages or standing)


__all__ = [
    "ColumnProblem",
    "Digest",
    "LinkItem",
    "OutageItem",
    "OverdueColumn",
    "OverdueItem",
    "ProblemItem",
    "ReminderItem",
    "SiteOutage",
    "UnitSummary",
    "WarningItem",
]
