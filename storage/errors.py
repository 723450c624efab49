"""What storage refuses or can't do, as facts; the shell words them (``reports.wording.error_message``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from freshwatch.errors import FreshwatchError


class StoreError(FreshwatchError):
    """The database can't be opened, migrated or read back."""


class DatabaseUrlInvalid(StoreError):
    def __init__(self, url: str, reason: str = "") -> None:
        self.url, self.reason = url, reason
        super().__init__(f"invalid database URL {url}: {reason}")


class UnsupportedDatabase(StoreError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"unsupported database {url}")


class DatabaseUnavailable(StoreError):
    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"cannot open database {url}: {reason}")


class StoredDataUnreadable(StoreError):
    def __init__(self, what: str, reason: str) -> None:
        self.what, self.reason = what, reason
        super().__init__(f"stored {what} cannot be read: {reason}")


@dataclass(frozen=True)
class FrozenQuarterInfo:
    quarter: str
    rulebook: str
    frozen_at: datetime


class QuarterFrozen(StoreError):
    """The one rule: a published (frozen) quarter's table and inputs no longer change."""

    def __init__(self, frozen: FrozenQuarterInfo) -> None:
        self.frozen = frozen
        super().__init__(f"quarter {frozen.quarter} was frozen at {frozen.frozen_at.isoformat()}")


class ManualEntryMissing(StoreError):
    def __init__(self, entry_id: int) -> None:
        self.entry_id = entry_id
        super().__init__(f"no manual entry {entry_id}")


class ManualEntryWithdrawn(StoreError):
    def __init__(self, entry_id: int, at: datetime, reason: str) -> None:
        self.entry_id, self.at, self.reason = entry_id, at, reason
        super().__init__(f"manual entry {entry_id} was withdrawn at {at.isoformat()}")


class PointsNotFinite(StoreError):
    def __init__(self, points: float) -> None:
        self.points = points
        super().__init__(f"points must be a finite number, got {points!r}")


__all__ = [
    "DatabaseUnavailable",
    "DatabaseUrlInvalid",
    "FrozenQuarterInfo",
    "ManualEntryMissing",
    "ManualEntryWithdrawn",
    "PointsNotFinite",
    "QuarterFrozen",
    "StoreError",
    "StoredDataUnreadable",
    "UnsupportedDatabase",
]
