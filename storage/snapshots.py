"""Column snapshots: the list page kept when a warning fired, stored zlib-compressed.

The HTML handed in is expected to be sanitised already (the shell runs the detectors' sanitiser);
storage only compresses, keeps and returns it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from freshwatch.storage.models import SnapshotRow


@dataclass(frozen=True, slots=True)
class Snapshot:
    unit_id: str
    column_url: str
    taken_at: datetime
    reason: str
    html: str


def save_snapshot(
    session: Session, *, unit_id: str, column_url: str, html: str, reason: str, at: datetime
) -> None:
    session.add(
        SnapshotRow(
            unit_id=unit_id,
            column_url=column_url,
            taken_at=at,
            reason=reason,
            html_zlib=zlib.compress(html.encode("utf-8"), 6),
        )
    )
    session.flush()


def latest_snapshot(session: Session, *, unit_id: str, column_url: str) -> Snapshot | None:
    row = session.scalars(
        select(SnapshotRow)
        .where(SnapshotRow.unit_id == unit_id, SnapshotRow.column_url == column_url)
        .order_by(SnapshotRow.taken_at.desc(), SnapshotRow.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    html = zlib.decompress(row.html_zlib).decode("utf-8")
    return Snapshot(row.unit_id, row.column_url, row.taken_at, row.reason, html)


def has_snapshot_since(session: Session, unit_id: str, column_url: str, since: datetime) -> bool:
    """True when a snapshot of the column was taken at or after ``since`` (one per overdue spell)."""
    found = session.scalar(
        select(SnapshotRow.id)
        .where(
            SnapshotRow.unit_id == unit_id,
            SnapshotRow.column_url == column_url,
            SnapshotRow.taken_at >= since,
        )
        .limit(1)
    )
    return found is not None
