"""What keeps the service honest when it runs unattended: locks, job runs, sends, frozen tables.

Locks and send claims are decided by one atomic statement each (an INSERT that yields on conflict,
then a conditional UPDATE), never by a SELECT followed by a write: two processes that race both
ask the database, and the database answers yes to exactly one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, delete, func, literal, or_, select, update
from sqlalchemy.orm import Session

from freshwatch.storage.db import insert_if_absent, rowcount
from freshwatch.storage.errors import FrozenQuarterInfo, QuarterFrozen
from freshwatch.storage.models import FrozenQuarter, JobRun, LockRow, SendRow, UTCDateTime, table_of
from freshwatch.storage.records import FrozenTable, JobRecord, LockInfo, SendRecord, SendStatus

# --- locks ---------------------------------------------------------------------------------------


def acquire_lock(session: Session, name: str, holder: str, *, now: datetime, ttl: timedelta) -> bool:
    """Take ``name`` for ``holder`` until now + ttl: free, expired, or already ours.  Commit to publish."""
    expires = now + ttl
    lock = {"name": name, "holder": holder, "acquired_at": now, "expires_at": expires}
    if insert_if_absent(session, table_of(LockRow), lock, unique="name"):
        return True
    ours = LockRow.holder == holder
    taken = session.execute(
        update(LockRow)
        .where(LockRow.name == name, or_(LockRow.expires_at <= now, ours))
        .values(
            holder=holder,
            expires_at=expires,
            acquired_at=case((ours, LockRow.acquired_at), else_=literal(now, UTCDateTime())),
        )
        .execution_options(synchronize_session=False)
    )
    return rowcount(taken) == 1


def take_over_lock(
    session: Session, name: str, dead: str, holder: str, *, now: datetime, ttl: timedelta
) -> bool:
    """Take ``name`` from ``dead``, a holder the caller knows is gone (its process no longer
    exists); atomic, so of two crawls taking over at once exactly one wins.  Commit to publish."""
    taken = session.execute(
        update(LockRow)
        .where(LockRow.name == name, LockRow.holder == dead)
        .values(holder=holder, acquired_at=now, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    return rowcount(taken) == 1


def refresh_lock(session: Session, name: str, holder: str, *, now: datetime, ttl: timedelta) -> bool:
    """Extend our lock; False means it was taken over after expiring, and the work must stop."""
    refreshed = session.execute(
        update(LockRow)
        .where(LockRow.name == name, LockRow.holder == holder)
        .values(expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    return rowcount(refreshed) == 1


def release_lock(session: Session, name: str, holder: str) -> bool:
    released = session.execute(
        delete(LockRow)
        .where(LockRow.name == name, LockRow.holder == holder)
        .execution_options(synchronize_session=False)
    )
    return rowcount(released) == 1


def current_lock(session: Session, name: str, *, now: datetime) -> LockInfo | None:
    """Who holds ``name`` now, for a message like 'a crawl by host:pid is running since ...'."""
    row = session.get(LockRow, name, populate_existing=True)
    if row is None or row.expires_at <= now:
        return None
    return LockInfo(row.name, row.holder, row.acquired_at, row.expires_at)


# --- jobs ----------------------------------------------------------------------------------------


def record_job(
    session: Session, *, job: str, started_at: datetime, finished_at: datetime, ok: bool, detail: str = ""
) -> None:
    session.add(JobRun(job=job, started_at=started_at, finished_at=finished_at, ok=ok, detail=detail))
    session.flush()


def last_jobs(session: Session) -> dict[str, JobRecord]:
    rank = func.row_number().over(
        partition_by=JobRun.job, order_by=(JobRun.started_at.desc(), JobRun.id.desc())
    )
    ranked = select(JobRun, rank.label("rank")).subquery()
    latest = select(ranked).where(ranked.c.rank == 1)
    last_ok = select(JobRun.job, func.max(JobRun.finished_at)).where(JobRun.ok).group_by(JobRun.job)
    successes = {job: finished for job, finished in session.execute(last_ok)}
    return {
        row.job: JobRecord(
            job=row.job,
            started_at=row.started_at,
            finished_at=row.finished_at,
            ok=row.ok,
            detail=row.detail,
            last_success=successes.get(row.job),
        )
        for row in session.execute(latest)
    }


# --- sends ---------------------------------------------------------------------------------------


def claim_send(
    session: Session,
    *,
    key: str,
    unit_id: str | None,
    channel: str,
    recipient: str,
    at: datetime,
    stale_after: timedelta | None = None,
) -> bool:
    """Claim the right to send message ``key``: True for a new key or one whose last send failed.

    A claim in progress (or a sent message) answers False, so two digest runs never both send.
    A claim left pending by a process that died before ``mark_send`` is retaken after ``stale_after``
    (never, when None: a duplicate digest is worse than a late one).
    """
    claim = {
        "key": key,
        "unit_id": unit_id,
        "channel": channel,
        "recipient": recipient,
        "attempts": 1,
        "status": SendStatus.pending.value,
        "detail": "",
        "created_at": at,
        "updated_at": at,
    }
    if insert_if_absent(session, table_of(SendRow), claim, unique="key"):
        return True
    retry: ColumnElement[bool] = SendRow.status == SendStatus.failed.value
    if stale_after is not None:
        stuck = and_(SendRow.status == SendStatus.pending.value, SendRow.updated_at <= at - stale_after)
        retry = or_(retry, stuck)
    retaken = session.execute(
        update(SendRow)
        .where(SendRow.key == key, retry)
        .values(status=SendStatus.pending.value, attempts=SendRow.attempts + 1, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    return rowcount(retaken) == 1


def mark_send(session: Session, key: str, *, ok: bool, detail: str = "", at: datetime) -> None:
    status = SendStatus.sent if ok else SendStatus.failed
    marked = session.execute(
        update(SendRow)
        .where(SendRow.key == key)
        .values(status=status.value, detail=detail, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    if rowcount(marked) != 1:
        raise ValueError(f"no send was claimed under {key!r}")


def failed_sends(session: Session, *, pending_before: datetime | None = None) -> list[SendRecord]:
    """Failed sends (retried by the next run), plus claims pending since before ``pending_before``."""
    wanted: ColumnElement[bool] = SendRow.status == SendStatus.failed.value
    if pending_before is not None:
        wanted = or_(
            wanted, and_(SendRow.status == SendStatus.pending.value, SendRow.updated_at < pending_before)
        )
    rows = session.scalars(select(SendRow).where(wanted).order_by(SendRow.updated_at, SendRow.id))
    return [
        SendRecord(
            key=row.key,
            unit_id=row.unit_id,
            channel=row.channel,
            recipient=row.recipient,
            status=SendStatus(row.status),
            detail=row.detail,
            attempts=row.attempts,
            updated_at=row.updated_at,
        )
        for row in rows
    ]


# --- frozen quarter tables -----------------------------------------------------------------------


def freeze_table(
    session: Session, *, quarter: str, rulebook: str, payload: str, at: datetime, replace: bool = False
) -> None:
    """Keep a quarter's published table as it was; a second freeze needs ``replace``."""
    existing = session.get(FrozenQuarter, quarter)
    if existing is not None and not replace:
        raise QuarterFrozen(FrozenQuarterInfo(quarter, existing.rulebook, existing.frozen_at))
    if existing is None:
        session.add(FrozenQuarter(quarter=quarter, rulebook=rulebook, payload=payload, frozen_at=at))
    else:
        existing.rulebook, existing.payload, existing.frozen_at = rulebook, payload, at
    session.flush()


def frozen_table(session: Session, quarter: str) -> FrozenTable | None:
    row = session.get(FrozenQuarter, quarter)
    if row is None:
        return None
    return FrozenTable(row.quarter, row.rulebook, row.payload, row.frozen_at)
