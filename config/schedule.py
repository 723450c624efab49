"""The one reading of a ``schedule:`` string: a 5-field cron, or ``every 30m``-style intervals.

The config validator and the daemon both call ``parse_schedule``, so a string the config accepts
is exactly a string the daemon can schedule.
"""

from __future__ import annotations

import re
from datetime import tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

ALLOWED_SCHEDULE = '5 段 cron 表达式（如 "0 2 * * *"），或 "every N" 加 s、m、h（如 "every 30m"）'
_EVERY = re.compile(r"^\s*every\s+(\d+)\s*(s|m|h)\s*$", re.IGNORECASE)
_EVERY_UNITS = {"s": "seconds", "m": "minutes", "h": "hours"}


def parse_schedule(spec: str, zone: tzinfo) -> BaseTrigger:
    """The trigger ``spec`` describes in ``zone``; ValueError (saying what is allowed) otherwise.

    Short intervals exist so tests and trials can run a real scheduler.
    """
    match = _EVERY.match(spec)
    try:
        if match:
            amount = int(match.group(1))
            if amount <= 0:
                raise ValueError(ALLOWED_SCHEDULE)
            return IntervalTrigger(timezone=zone, **{_EVERY_UNITS[match.group(2).lower()]: amount})
        return CronTrigger.from_crontab(spec, timezone=zone)
    except ValueError:
        raise ValueError(ALLOWED_SCHEDULE) from None


__all__ = ["ALLOWED_SCHEDULE", "parse_schedule"]
