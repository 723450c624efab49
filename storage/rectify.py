"""The rectification loop's records: a unit's 已整改 claims, what the next crawl found, and disputes.

A claim is never edited away: a claim the crawl found unfixed is marked reopened (and the unit may
claim again, as a new row); a dispute keeps its decision and the reason given.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from freshwatch.storage.errors import ClaimPending, DisputeDecided, DisputeMissing, DisputeRefused
from freshwatch.storage.models import DisputeRow, ManualRow, RectificationRow
from freshwatch.storage.records import DisputeRecord, RectificationRecord

CLAIMED, FIXED, REOPENED = "claimed", "fixed", "reopened"
OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"


def _rectification(row: RectificationRow) -> RectificationRecord:
    return RectificationRecord(
        rectification_id=row.id,
        unit_id=row.unit_id,
        kind=row.kind,
        target=row.target,
        label=row.label,
        note=row.note,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        status=row.status,
        checked_at=row.checked_at,
        fixed_on=row.fixed_on,
        check_note=row.check_note,
    )


def claim_fixed(
    session: Session, *, unit_id: str, kind: str, target: str, label: str, note: str, by: str, at: datetime
) -> int:
    """A new claim; refused while the same finding already waits for the next crawl."""
    waiting = session.scalar(
        select(RectificationRow.id).where(
            RectificationRow.unit_id == unit_id,
            RectificationRow.kind == kind,
            RectificationRow.target == target,
            RectificationRow.status == CLAIMED,
        )
    )
    if waiting is not None:
        raise ClaimPending(unit_id, target)
    row = RectificationRow(
        unit_id=unit_id,
        kind=kind,
        target=target,
        label=label,
        note=note,
        claimed_by=by,
        claimed_at=at,
        status=CLAIMED,
        check_note="",
    )
    session.add(row)
    session.flush()
    return row.id


def rectifications(
    session: Session,
    *,
    unit_ids: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    since: datetime | None = None,
) -> list[RectificationRecord]:
    query = select(RectificationRow).order_by(RectificationRow.claimed_at, RectificationRow.id)
    if unit_ids is not None:
        query = query.where(RectificationRow.unit_id.in_(list(unit_ids)))
    if statuses is not None:
        query = query.where(RectificationRow.status.in_(list(statuses)))
    if since is not None:
        query = query.where((RectificationRow.claimed_at >= since) | (RectificationRow.checked_at >= since))
    return [_rectification(row) for row in session.scalars(query)]


def settle_claim(
    session: Session, rectification_id: int, *, fixed_on: date | None, note: str, at: datetime
) -> None:
    """The crawl's verdict: fixed on ``fixed_on``, or (None) reopened with ``note`` saying why."""
    row = session.get(RectificationRow, rectification_id)
    if row is None or row.status != CLAIMED:
        return
    row.status = FIXED if fixed_on is not None else REOPENED
    row.fixed_on = fixed_on
    row.checked_at = at
    row.check_note = note


def _dispute(row: DisputeRow) -> DisputeRecord:
    return DisputeRecord(
        dispute_id=row.id,
        entry_id=row.entry_id,
        unit_id=row.unit_id,
        reason=row.reason,
        filed_by=row.filed_by,
        filed_at=row.filed_at,
        status=row.status,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
    )


def file_dispute(session: Session, *, entry_id: int, unit_id: str, reason: str, by: str, at: datetime) -> int:
    """A unit disputes one of its own live manual deductions, once at a time."""
    entry = session.get(ManualRow, entry_id)
    if entry is None or entry.unit_id != unit_id:
        raise DisputeRefused(entry_id, "not_found")
    if entry.withdrawn_at is not None:
        raise DisputeRefused(entry_id, "withdrawn")
    pending = session.scalar(
        select(DisputeRow.id).where(DisputeRow.entry_id == entry_id, DisputeRow.status == OPEN)
    )
    if pending is not None:
        raise DisputeRefused(entry_id, "pending")
    row = DisputeRow(entry_id=entry_id, unit_id=unit_id, reason=reason, filed_by=by, filed_at=at, status=OPEN)
    session.add(row)
    session.flush()
    return row.id


def disputes(
    session: Session, *, unit_ids: Collection[str] | None = None, entry_ids: Collection[int] | None = None
) -> list[DisputeRecord]:
    query = select(DisputeRow).order_by(DisputeRow.filed_at, DisputeRow.id)
    if unit_ids is not None:
        query = query.where(DisputeRow.unit_id.in_(list(unit_ids)))
    if entry_ids is not None:
        query = query.where(DisputeRow.entry_id.in_(list(entry_ids)))
    return [_dispute(row) for row in session.scalars(query)]


def dispute(session: Session, dispute_id: int) -> DisputeRecord | None:
    row = session.get(DisputeRow, dispute_id)
    return _dispute(row) if row is not None else None


def decide_dispute(
    session: Session, dispute_id: int, *, accepted: bool, reason: str, by: str, at: datetime
) -> DisputeRecord:
    """Record the office's decision; withdrawing an accepted dispute's deduction is the caller's step."""
    row = session.get(DisputeRow, dispute_id)
    if row is None:
        raise DisputeMissing(dispute_id)
    if row.status != OPEN:
        raise DisputeDecided(dispute_id)
    row.status = ACCEPTED if accepted else REJECTED
    row.decided_by = by
    row.decided_at = at
    row.decision_reason = reason
    return _dispute(row)
