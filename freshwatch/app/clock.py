"""The one place the shell reads the clock; the demo runs the same code on a simulated day.

Detectors and scoring take dates as arguments; the crawler and storage are handed ``Clock.now``.
A simulated clock starts at a chosen instant and advances with real time, so a demo crawl of
2018-12-31 stamps its observations on that day.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from freshwatch.config.models import Config, ScheduleSettings
from freshwatch.storage.db import day_start, local_day


@dataclass(frozen=True)
class Clock:
    start: datetime | None = None  # None: the system clock
    _origin: float = 0.0

    @classmethod
    def system(cls) -> Clock:
        return cls()

    @classmethod
    def simulated(cls, start: datetime) -> Clock:
        return cls(start=start.astimezone(UTC), _origin=time.monotonic())

    def now(self) -> datetime:
        if self.start is None:
            return datetime.now(UTC)
        return self.start + timedelta(seconds=time.monotonic() - self._origin)


def utc_now() -> datetime:
    """The system clock, for stamping what a person did (a booking, a freeze, a send)."""
    return Clock.system().now()


def zone(config: Config | None) -> ZoneInfo:
    return ZoneInfo(config.schedule.timezone if config else ScheduleSettings().timezone)


def local_today(config: Config | None, now: datetime | None = None) -> date:
    """Today in the office's time zone (Asia/Shanghai unless the schedule says otherwise)."""
    return local_day(now or utc_now(), zone(config))


def day_span(start: date, end: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[``start`` 00:00, the day after ``end`` 00:00) on the office's calendar, for instant queries."""
    return day_start(start, tz), day_start(end + timedelta(days=1), tz)


def local_time(moment: datetime | None, tz: tzinfo, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """An instant as the office reads it (stored instants are UTC); "—" when there is none."""
    return "—" if moment is None else moment.astimezone(tz).strftime(fmt)


def local_date(moment: datetime, tz: tzinfo) -> str:
    return local_time(moment, tz, "%Y-%m-%d")


__all__ = ["Clock", "day_span", "local_date", "local_day", "local_time", "local_today", "zone"]
