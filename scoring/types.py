"""Inputs and outputs of scoring: histories in, states, warnings, deductions and tables out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from config.models import Category


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


@dataclass(frozen=True, slots=True)
class ColumnHistory:
    """One column as storage knows it: its update timeline and what the crawls last saw."""

    unit_id: str
    site_home: str
    column_name: str
    column_url: str
    category: Category
    updates: tuple[date, ...]  # distinct publish dates, any order
    last_verdict: str | None = None  # ok / blank / undated / unreadable / unreachable, last crawl
    blank_days: tuple[date, ...] = ()  # crawl days that found the list blank


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
class Reminder:
    unit_id: str
    column_name: str
    column_url: str
    category: Category
    latest: date
    due: date  # update by this date to avoid the warning


@dataclass(frozen=True, slots=True)
class StaleWarning:
    unit_id: str
    site_home: str
    column_name: str
    column_url: str
    category: Category
    trigger: Trigger
    points: float


@dataclass(frozen=True, slots=True)
class BrokenLink:
    unit_id: str
    url: str
    kind: str
    error: str
    status: int | None
    found_on: tuple[str, ...]
    first_seen: date
    last_seen: date


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


class DeductionSource(StrEnum):
    stale = "stale"
    links = "links"
    blank = "blank"
    manual = "manual"
    availability = "availability"


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


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit_id: str
    unit_name: str
    cells: tuple[float, ...]  # one per rulebook table column, in order
    total: float
    score: float


@dataclass(frozen=True, slots=True)
class QuarterTable:
    quarter: Quarter
    titles: tuple[str, ...]
    rows: tuple[UnitRow, ...]
    deductions: tuple[Deduction, ...] = field(default=())
    rulebook_name: str = ""
    frozen: bool = False
