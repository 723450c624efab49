"""Crawl runs, what each site's crawl found, and availability probes.

The shell records each site in its own transaction as soon as the site is done, so a crawl that dies
halfway keeps every site recorded before; the run row stays 'running' until ``finish_run`` or
``mark_abandoned_runs`` closes it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from freshwatch.crawler.types import ErrorClass, Probe, SiteCrawl
from freshwatch.storage.db import rowcount
from freshwatch.storage.links import record_links
from freshwatch.storage.models import CrawlRun, LockRow, ProbeRow, SiteErrorRow
from freshwatch.storage.records import RunRecord, RunStatus, SiteError
from freshwatch.storage.timeline import record_columns

STOPPED = "crawl stopped before the site was finished"


def default_holder() -> str:
    """Who is running: the same string names the run and the locks its process holds."""
    return f"{socket.gethostname()}:{os.getpid()}"


def start_run(
    session: Session,
    *,
    started_at: datetime,
    kind: str = "crawl",
    units: Iterable[str] = (),
    holder: str | None = None,
) -> int:
    run = CrawlRun(
        kind=kind,
        started_at=started_at,
        status=RunStatus.running.value,
        units=list(units),
        holder=holder or default_holder(),
        pages=0,
        requests=0,
        note="",
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    status: RunStatus | str,
    finished_at: datetime,
    pages: int | None = None,
    requests: int | None = None,
    note: str = "",
) -> None:
    """Close a run.  ``pages``/``requests`` left as None keep the totals ``record_site`` accumulated."""
    values: dict[str, object] = {"status": RunStatus(status).value, "finished_at": finished_at}
    if pages is not None:
        values["pages"] = pages
    if requests is not None:
        values["requests"] = requests
    if note:
        values["note"] = note
    done = session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(**values))
    if rowcount(done) != 1:
        raise ValueError(f"no crawl run {run_id}")


def mark_abandoned_runs(session: Session, *, now: datetime) -> int:
    """Mark 'running' runs whose process is gone as incomplete; returns how many.

    A live run's holder holds an unexpired lock (the crawl lock, refreshed while it works), so a
    running run whose holder holds none belongs to a process that died.  Call it after taking the
    crawl lock yourself.
    """
    live_holders = select(LockRow.holder).where(LockRow.expires_at > now)
    note = f"进程已退出，于 {now:%Y-%m-%d %H:%M} UTC 标记为未完成"
    marked = session.execute(
        update(CrawlRun)
        .where(CrawlRun.status == RunStatus.running.value, CrawlRun.holder.not_in(live_holders))
        .values(status=RunStatus.incomplete.value, note=note)
        .execution_options(synchronize_session=False)
    )
    return rowcount(marked)


def latest_runs(session: Session, limit: int = 10, *, kind: str | None = None) -> list[RunRecord]:
    query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    if kind is not None:
        query = query.where(CrawlRun.kind == kind)
    return [_run_record(run) for run in session.scalars(query)]


def _run_record(run: CrawlRun) -> RunRecord:
    return RunRecord(
        run_id=run.id,
        kind=run.kind,
        started_at=run.started_at,
        finished_at=run.finished_at,
        status=RunStatus(run.status),
        units=tuple(run.units),
        pages=run.pages,
        requests=run.requests,
        note=run.note,
        holder=run.holder,
    )


def record_site(session: Session, run_id: int, site: SiteCrawl, *, observed_at: datetime) -> None:
    """Observations, the timeline, link checks and referrers of one site, stamped ``observed_at``.

    The shell's clock is the one timestamp (not the crawler's per-fetch times), so a whole site is
    one moment of the timeline and a simulated farm can be crawled 'in' a past quarter.
    """
    record_columns(session, run_id, site.columns, observed_at=observed_at)
    record_links(session, run_id, site.unit_id, site.links, checked_at=observed_at)
    _record_site_errors(session, run_id, site, observed_at)
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(pages=CrawlRun.pages + site.pages_fetched, requests=CrawlRun.requests + site.requests)
        .execution_options(synchronize_session=False)
    )


def _record_site_errors(session: Session, run_id: int, site: SiteCrawl, at: datetime) -> None:
    """Every error of the site, and for a site cut short without one, that it was stopped."""
    messages = site.errors or (() if site.complete else (STOPPED,))
    session.add_all(
        SiteErrorRow(
            run_id=run_id,
            unit_id=site.unit_id,
            site_home=site.site_home,
            complete=site.complete,
            message=message,
            recorded_at=at,
        )
        for message in messages
    )
    session.flush()


def site_errors(session: Session, *, run_id: int) -> list[SiteError]:
    """The site errors of one run, in the order they were recorded."""
    rows = session.scalars(
        select(SiteErrorRow).where(SiteErrorRow.run_id == run_id).order_by(SiteErrorRow.id)
    )
    return [
        SiteError(row.run_id, row.unit_id, row.site_home, row.complete, row.message, row.recorded_at)
        for row in rows
    ]


def record_probe(session: Session, probe: Probe) -> None:
    session.add(
        ProbeRow(
            unit_id=probe.unit_id,
            site_home=probe.site_home,
            status=probe.status,
            error=probe.error.value if probe.error else None,
            ttfb=probe.ttfb,
            elapsed=probe.elapsed,
            probed_at=probe.probed_at,
        )
    )
    session.flush()


def probes(
    session: Session, *, unit_ids: Collection[str] | None = None, start: datetime, end: datetime
) -> list[Probe]:
    """Probes with ``start <= probed_at < end``, oldest first."""
    query = (
        select(ProbeRow)
        .where(ProbeRow.probed_at >= start, ProbeRow.probed_at < end)
        .order_by(ProbeRow.probed_at, ProbeRow.id)
    )
    if unit_ids is not None:
        query = query.where(ProbeRow.unit_id.in_(list(unit_ids)))
    return [
        Probe(
            unit_id=row.unit_id,
            site_home=row.site_home,
            status=row.status,
            error=ErrorClass(row.error) if row.error else None,
            ttfb=row.ttfb,
            elapsed=row.elapsed,
            probed_at=row.probed_at,
        )
        for row in session.scalars(query)
    ]
