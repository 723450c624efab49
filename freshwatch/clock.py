"""The one place the shell reads the clock; the demo runs the same code on a simulated day.

Detectors and scoring take dates as arguments; the crawler and storage are handed ``Clock.now``.
A simulated clock starts at a chosen instant and advances with real time, so a demo crawl of
2018-12-31 stamps its observations on that day.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from config.models import Config


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


def zone(config: Config | None) -> ZoneInfo:
    return ZoneInfo(config.schedule.timezone if config else "Asia/Shanghai")


def local_today(config: Config | None, now: datetime | None = None) -> date:
    """Today in the office's time zone (Asia/Shanghai unless the schedule says otherwise)."""
    return (now or datetime.now(UTC)).astimezone(zone(config)).date()
