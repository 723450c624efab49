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


class DatabaseMissing(StoreError):
    """A command that only reads found no freshwatch database: no SQLite file (``path``), or an
    empty database.  Read commands never create one, so a mistyped path fails loudly."""

    def __init__(self, url: str, path: str | None = None) -> None:
        self.url, self.path = url, path
        super().__init__(f"no freshwatch database at {url}" + (f" (no file {path})" if path else " (empty)"))


class ForeignDatabase(StoreError):
    """The database is somebody else's: other programs' tables (``tables``), a schema revision
    this freshwatch does not know (``revision``), or a PostgreSQL maintenance database (``admin``)."""

    def __init__(
        self, url: str, *, tables: tuple[str, ...] = (), revision: str | None = None, admin: bool = False
    ) -> None:
        self.url, self.tables, self.revision, self.admin = url, tables, revision, admin
        super().__init__(f"not a freshwatch database: {url}")


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
    "DatabaseMissing",
    "DatabaseUnavailable",
    "DatabaseUrlInvalid",
    "ForeignDatabase",
    "FrozenQuarterInfo",
    "ManualEntryMissing",
    "ManualEntryWithdrawn",
    "PointsNotFinite",
    "QuarterFrozen",
    "StoreError",
    "StoredDataUnreadable",
    "UnsupportedDatabase",
]
