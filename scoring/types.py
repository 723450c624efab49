"""Inputs and outputs of scoring: histories in, states, warnings, deductions and tables out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from freshwatch.config.keys import ColumnKey, KeyedByColumn
from freshwatch.kinds import ErrorClass, LinkKind, ListVerdict


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", text)
        if not match:
            raise ValueError(f"{text!r} is not a quarter; write it like 2018Q4")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


class ColumnState(StrEnum):
    ok = "ok"
    due_soon = "due_soon"
    overdue = "overdue"
    blank = "blank"
    unreachable = "unreachable"
    undated = "undated"
    unreadable = "unreadable"
    unchecked = "unchecked"  # no crawl had read the column by the day asked; the shell sets it


@dataclass(frozen=True, slots=True)
class ColumnHistory(KeyedByColumn):
    """One column as storage knows it: its update timeline and what the crawls last saw."""

    key: ColumnKey
    updates: tuple[date, ...]  # distinct publish dates, any order
    last_verdict: ListVerdict | None = None  # what the last crawl concluded
    blank_days: tuple[date, ...] = ()  # crawl days that found the list blank
    # The day from which the column's history is complete (the walk back reached its anchor, or joined
    # the stored history).  None with ``walked`` False: no history walk recorded (older data, or a
    # history built by hand), read as complete, as before walks were recorded.  None with ``walked``
    # True: the walks read nothing dated in order, so nothing of the past is known.
    history_from: date | None = None
    walk_end: str | None = None  # why the newest crawl's walk stopped ("cap": the page cap was reached)
    walked: bool = False

    def known_from(self) -> date | None:
        """The first day this history can speak for; None: every day (no walk recorded)."""
        if not self.walked:
            return None
        return self.history_from if self.history_from is not None else date.max


@dataclass(frozen=True, slots=True)
class ColumnStatus:
    history: ColumnHistory
    state: ColumnState
    latest: date | None
    due: date | None
    days_since_update: int | None


@dataclass(frozen=True, slots=True)
class Trigger:
    """A stale-column warning: the column went past ``due`` and fired on ``day``."""

    day: date
    anchor: date  # the last update before the trigger
    due: date
    repeat_index: int  # 1 for the first warning after an update, 2, 3, ... for repeats


@dataclass(frozen=True, slots=True)
class Reminder(KeyedByColumn):
    key: ColumnKey
    latest: date
    due: date  # update by this date to avoid the warning


@dataclass(frozen=True, slots=True)
class StaleWarning(KeyedByColumn):
    key: ColumnKey
    trigger: Trigger
    points: float


@dataclass(frozen=True, slots=True)
class BrokenLink:
    unit_id: str
    url: str
    kind: LinkKind
    error: ErrorClass
    status: int | None
    found_on: tuple[str, ...]
    first_seen: date
    last_seen: date

    @property
    def blocked(self) -> bool:
        """Blocked (WAF, persistent 401/403/429) is suspected, not confirmed: no deduction by default."""
        return self.error == ErrorClass.blocked


@dataclass(frozen=True, slots=True)
class ManualEntry:
    entry_id: int
    unit_id: str
    day: date
    points: float
    column: str  # the table title it is booked under
    reason: str
    source_id: str | None = None
    author: str | None = None
    withdrawn_at: datetime | None = None  # withdrawn entries are kept, and count for nothing
    withdraw_reason: str | None = None


class DeductionSource(StrEnum):
    stale = "stale"
    links = "links"
    blank = "blank"
    manual = "manual"
    availability = "availability"
    content = "content"


@dataclass(frozen=True, slots=True)
class ContentIssue:
    """A content finding as the table reads it (masked; days are the office's calendar days)."""

    unit_id: str
    kind: str  # privacy / typo / interpretation / consultation
    level: str  # 严重 / 一般 / 疑似
    url: str
    first_seen: date
    last_seen: date
    detail: str = ""  # the policy / consultation title, the wrong form ('' for personal data)
    subtype: str = ""
    context: str = ""  # masked
    masked: str | None = None
    suggestion: str | None = None
    days_late: int | None = None


@dataclass(frozen=True, slots=True)
class Deduction:
    """One line of evidence behind the table: what, which source column, how many points."""

    unit_id: str
    source: DeductionSource
    table_source: str  # the rulebook table source: a category, links, blank, manual
    points: float
    warning: StaleWarning | None = None
    links: tuple[BrokenLink, ...] = ()
    blank_column: ColumnHistory | None = None
    manual: ManualEntry | None = None
    note: str = ""
    content: tuple[ContentIssue, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit_id: str
    unit_name: str
    cells: tuple[float, ...]  # one per rulebook table column, in order
    total: float
    score: float


@dataclass(frozen=True, slots=True)
class ColumnCoverage(KeyedByColumn):
    """How much of the scored window one column's history can speak for.

    ``unknown`` is the part of the window before ``history_from`` (first, last day): not known for this
    column, so neither scored clean nor given invented warnings; None when the whole window is known.
    """

    key: ColumnKey
    history_from: date | None
    unknown: tuple[date, date] | None = None
    walk_end: str | None = None


@dataclass(frozen=True, slots=True)
class QuarterTable:
    quarter: Quarter
    titles: tuple[str, ...]
    rows: tuple[UnitRow, ...]
    deductions: tuple[Deduction, ...] = field(default=())
    rulebook_name: str = ""
    frozen: bool = False
    findings: tuple[ContentIssue, ...] = ()  # content findings open in the quarter, counted or report-only
    as_of: date | None = None  # a quarter still running is counted up to this day (截至)
    coverage: tuple[ColumnCoverage, ...] = field(default=())

    @property
    def not_known(self) -> tuple[ColumnCoverage, ...]:
        return tuple(c for c in self.coverage if c.unknown is not None)


# --- verdicts, availability, annual ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteRef:
    """A site to judge; ``closed`` sites filed a temporary closure and are not counted as down."""

    unit_id: str
    site_home: str
    closed: bool = False


@dataclass(frozen=True, slots=True)
class ProbeOutcome:
    """One home-page availability probe, reduced to what the veto rule needs."""

    unit_id: str
    site_home: str
    day: date
    ok: bool
    elapsed: float | None = None  # seconds; None when no response came back


class VetoItem(StrEnum):
    """The national veto items (单项否决) freshwatch can see; the label is what users read."""

    availability = "availability"
    home_stale = "home_stale"
    stale_key_columns = "stale_key_columns"
    stale_columns = "stale_columns"
    blank_columns = "blank_columns"

    @property
    def label(self) -> str:
        return VETO_LABELS[self]


VETO_LABELS: dict[VetoItem, str] = {
    VetoItem.availability: "站点无法访问",
    VetoItem.home_stale: "首页不更新",
    VetoItem.stale_key_columns: "栏目不更新(动态要闻/通知公告/政策文件)",
    VetoItem.stale_columns: "栏目不更新",
    VetoItem.blank_columns: "空白栏目",
}


@dataclass(frozen=True, slots=True)
class VetoFinding:
    """One veto line reached (or approached, for a pre-warning): the measured value and the line."""

    item: VetoItem
    value: float  # failure ratio, days since the home page's last update, or a column count
    threshold: float  # the line that was reached
    columns: tuple[str, ...] = ()  # the column names behind a count


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    site: SiteRef
    failures: tuple[VetoFinding, ...]
    prewarnings: tuple[VetoFinding, ...]
    availability_ratio: float | None = None  # failure ratio over the window; None without probes
    home_latest: date | None = None

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def verdict(self) -> str:
        return "合格" if self.passed else "不合格"


@dataclass(frozen=True, slots=True)
class AvailabilityStat:
    """Availability of one site over one day or one ISO week (``period_start`` is its Monday)."""

    unit_id: str
    site_home: str
    period_start: date
    probes: int
    failures: int
    availability: float  # share of probes that answered in time, 0..1
    median: float | None  # seconds, over probes that got a response
    p95: float | None


@dataclass(frozen=True, slots=True)
class AnnualResult:
    year: int
    quarters: tuple[tuple[Quarter, float | None], ...]  # Q1..Q4; None where not scored
    daily: float | None  # mean of the available quarterly scores (日常监测)
    assessment: float | None  # the year-end assessment (年终考评), when given
    composite: float | None  # assessment_weight*assessment + monitoring_weight*daily
