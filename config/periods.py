"""Periods of the rulebook ("14d", "6mo", "1y") and calendar arithmetic on them.

Months and years are calendar units, not day counts: 2018-08-31 + 6mo is 2019-02-28, and
2016-02-29 + 1y is 2017-02-28.  This matches how the national rules are read by the offices
("six months without an update").
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodUnit = Literal["d", "w", "mo", "y"]

_PATTERN = re.compile(r"^\s*(\d+)\s*(d|w|mo|y)\s*$")
ALLOWED_PERIOD = "应为期限，如 14d、2w、6mo 或 1y（整数加单位 d、w、mo、y 之一）"


@dataclass(frozen=True, order=True)
class Period:
    amount: int
    unit: PeriodUnit

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PATTERN.match(str(text))
        if not match or int(match.group(1)) <= 0:
            raise ValueError(ALLOWED_PERIOD)
        return cls(int(match.group(1)), match.group(2))  # type: ignore[arg-type]

    def after(self, start: date, times: int = 1) -> date:
        """The date ``times`` periods after ``start`` (calendar months clamp to the month's end)."""
        n = self.amount * times
        if self.unit == "d":
            return start + timedelta(days=n)
        if self.unit == "w":
            return start + timedelta(weeks=n)
        months = n if self.unit == "mo" else 12 * n
        return add_months(start, months)

    def before(self, end: date) -> date:
        """The date one period before ``end`` (used for reminder windows)."""
        if self.unit == "d":
            return end - timedelta(days=self.amount)
        if self.unit == "w":
            return end - timedelta(weeks=self.amount)
        months = self.amount if self.unit == "mo" else 12 * self.amount
        return add_months(end, -months)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))
