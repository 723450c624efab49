"""Working days on the State Council holiday calendar (``chinese-calendar``: 调休 included).

For a year the package does not know yet, Monday to Friday are the working days and
``calendar_known`` says so, so a finding can admit it was counted without the official calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

__all__ = ["add_workdays", "calendar_known", "is_workday", "workdays_between"]


def calendar_known(day: date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day, seen = start, 0
    while seen < count:
        day += timedelta(days=1)
        if is_workday(day):
            seen += 1
    return day


def workdays_between(after: date, until: date) -> int:
    """Working days in (after, until]; 0 when ``until`` is not after ``after``."""
    count, day = 0, after
    while day < until:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
