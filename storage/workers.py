"""Crawl workers' heartbeats: which worker processes are alive and what each is doing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from freshwatch.storage.db import rowcount
from freshwatch.storage.models import WorkerRow, table_of
from freshwatch.storage.records import WorkerRecord


def beat_worker(
    session: Session,
    *,
    name: str,
    node: str,
    queue: str,
    now: datetime,
    state: str,
    run_id: int | None = None,
    site: str = "",
    sites_done: int = 0,
) -> None:
    """Upsert the worker's row; ``sites_done`` is added to its running total."""
    table = table_of(WorkerRow)
    values = {"node": node, "queue": queue, "seen_at": now, "state": state, "run_id": run_id, "site": site}
    changed = session.execute(
        update(table).where(table.c.name == name).values(sites_done=table.c.sites_done + sites_done, **values)
    )
    if not rowcount(changed):
        session.execute(insert(table).values(name=name, started_at=now, sites_done=sites_done, **values))


def workers_seen(session: Session, *, since: datetime) -> list[WorkerRecord]:
    """Workers heard from since ``since``, newest heartbeat first."""
    rows = session.scalars(
        select(WorkerRow).where(WorkerRow.seen_at >= since).order_by(WorkerRow.seen_at.desc(), WorkerRow.name)
    )
    return [
        WorkerRecord(
            r.name, r.node, r.queue, r.started_at, r.seen_at, r.state, r.run_id, r.site, r.sites_done
        )
        for r in rows
    ]
