"""What the crawls saw of one column over time: its observations, newest first, for the console."""

from __future__ import annotations

from freshwatch.storage.models import Observation
from freshwatch.storage.records import ObservationRecord
from sqlalchemy import select
from sqlalchemy.orm import Session


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
