"""Manual deductions: booked by the office, withdrawn but never deleted.

``import_key`` makes imports idempotent: importing the same sheet twice books each row once, even
when two imports race (the unique index decides, not a prior SELECT).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from freshwatch.scoring.types import ManualEntry
from freshwatch.storage.db import insert_for, rowcount
from freshwatch.storage.errors import ManualEntryMissing, ManualEntryWithdrawn, PointsNotFinite
from freshwatch.storage.models import ManualRow, table_of


def add_manual(
    session: Session,
    *,
    unit_id: str,
    day: date,
    points: float,
    column: str,
    reason: str,
    source_id: str | None = None,
    author: str | None = None,
    import_key: str | None = None,
    at: datetime,
) -> int | None:
    """Book an entry; returns its id, or None when ``import_key`` was booked before."""
    if not math.isfinite(points):
        raise PointsNotFinite(points)
    table = table_of(ManualRow)
    stmt = insert_for(session, table).values(
        unit_id=unit_id,
        day=day,
        points=points,
        column_title=column,
        reason=reason,
        source_id=source_id,
        author=author,
        import_key=import_key,
        created_at=at,
    )
    if import_key is not None:
        stmt = stmt.on_conflict_do_nothing(index_elements=["import_key"])
    entry_id = session.execute(stmt.returning(table.c.id)).scalar_one_or_none()
    return int(entry_id) if entry_id is not None else None


def manual_entries(
    session: Session,
    *,
    unit_ids: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    include_withdrawn: bool = False,
) -> list[ManualEntry]:
    """Entries whose day lies in [start, end], by day then booking order."""
    query = select(ManualRow).order_by(ManualRow.day, ManualRow.id)
    if unit_ids is not None:
        query = query.where(ManualRow.unit_id.in_(list(unit_ids)))
    if start is not None:
        query = query.where(ManualRow.day >= start)
    if end is not None:
        query = query.where(ManualRow.day <= end)
    if not include_withdrawn:
        query = query.where(ManualRow.withdrawn_at.is_(None))
    return [_entry(row) for row in session.scalars(query)]


def manual_entry(session: Session, entry_id: int) -> ManualEntry | None:
    """One entry by its number, withdrawn or not."""
    row = session.get(ManualRow, entry_id)
    return _entry(row) if row is not None else None


def _entry(row: ManualRow) -> ManualEntry:
    return ManualEntry(
        entry_id=row.id,
        unit_id=row.unit_id,
        day=row.day,
        points=row.points,
        column=row.column_title,
        reason=row.reason,
        source_id=row.source_id,
        author=row.author,
        withdrawn_at=row.withdrawn_at,
        withdraw_reason=row.withdraw_reason,
    )


def withdraw_manual(session: Session, entry_id: int, *, reason: str, at: datetime) -> None:
    withdrawn = session.execute(
        update(ManualRow)
        .where(ManualRow.id == entry_id, ManualRow.withdrawn_at.is_(None))
        .values(withdrawn_at=at, withdraw_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if rowcount(withdrawn) == 1:
        return
    row = session.get(ManualRow, entry_id)
    if row is None:
        raise ManualEntryMissing(entry_id)
    assert row.withdrawn_at is not None
    raise ManualEntryWithdrawn(entry_id, row.withdrawn_at, row.withdraw_reason or "")
