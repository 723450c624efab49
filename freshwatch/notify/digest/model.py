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


@dataclass(frozen=True, slots=True)
class OutageItem:
    site: str
    home: str
    failures: int
    probes: int
    last_failure: datetime
    last_error: str


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
    summary: tuple[UnitSummary, ...] = ()
    quarter: Quarter | None = None
    findings: tuple[ContentIssue, ...] = ()  # content findings first seen in the window (masked)

    @property
    def is_office(self) -> bool:
        return self.unit_id == self.OFFICE_ID

    @property
    def is_empty(self) -> bool:
        if self.is_office:
            return not any(_has_news(row) for row in self.summary)
        return not (self.warnings or self.reminders or self.broken_links or self.outages or self.findings)


def _has_news(row: UnitSummary) -> bool:
    return bool(row.new_warnings or row.reminders or row.new_broken_links or row.outages)


__all__ = [
    "Digest",
    "LinkItem",
    "OutageItem",
    "ReminderItem",
    "SiteOutage",
    "UnitSummary",
    "WarningItem",
]
