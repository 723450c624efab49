"""What the crawls saw of one column over time: its observations, newest first, for the console."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from freshwatch.storage.models import Observation
from freshwatch.storage.records import ObservationRecord


def column_observations(
    session: Session, *, unit_id: str, column_url: str, limit: int = 200
) -> list[ObservationRecord]:
    rows = session.scalars(
        select(Observation)
        .where(Observation.unit_id == unit_id, Observation.column_url == column_url)
        .order_by(Observation.observed_at.desc(), Observation.id.desc())
        .limit(limit)
    )
    return [
        ObservationRecord(
            run_id=row.run_id,
            observed_at=row.observed_at,
            verdict=row.verdict,
            error=row.error,
            http_status=row.http_status,
            latest=row.latest,
            item_count=row.item_count,
            pages_read=row.pages_read,
            reason=row.reason,
        )
        for row in rows
    ]


def data_version(session: Session, *, probes: bool = True) -> tuple[int, ...]:
    """The newest row id of every table a page's numbers come from: when none moved, a page computed
    before is still right (ids only grow; withdrawals, decisions and claims add or touch rows whose
    ids are read here too, see ``changes``)."""
    from sqlalchemy import func

    from freshwatch.storage.models import (
        CrawlRun,
        DisputeRow,
        FrozenQuarter,
        LinkCheckRow,
        ManualRow,
        ProbeRow,
        RectificationRow,
    )

    newest = [
        session.scalar(select(func.max(column)))
        for column in (
            CrawlRun.id,
            Observation.id,
            LinkCheckRow.id,
            *((ProbeRow.id,) if probes else ()),
            ManualRow.id,
            DisputeRow.id,
            RectificationRow.id,
        )
    ]
    changes = [
        session.scalar(select(func.count()).where(ManualRow.withdrawn_at.is_not(None))),
        session.scalar(select(func.count()).where(DisputeRow.decided_at.is_not(None))),
        session.scalar(select(func.count()).where(RectificationRow.checked_at.is_not(None))),
        session.scalar(select(func.count()).select_from(FrozenQuarter)),
        session.scalar(select(func.count()).where(CrawlRun.finished_at.is_not(None))),
    ]
    return tuple(int(value or 0) for value in [*newest, *changes])
