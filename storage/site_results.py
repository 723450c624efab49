"""Each site of a run recorded exactly once, and a run's progress read from those records.

A site's data and its ``site_results`` row are written in one transaction, and the row is claimed
first: a task delivered twice (a worker killed after writing, a broker that lost the ack) finds it
done and writes nothing, so no observation, item, link check or site error is ever doubled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from freshwatch.crawler.types import SiteCrawl
from freshwatch.storage.db import insert_for, rowcount
from freshwatch.storage.models import CrawlRun, LockRow, SiteResultRow, table_of
from freshwatch.storage.records import RunProgress, RunStatus
from freshwatch.storage.runs import record_site

PENDING = "pending"
DONE = "done"


def expect_sites(session: Session, run_id: int, groups: Sequence[Sequence[tuple[str, str]]]) -> None:
    """Record every site a distributed run dispatches, as pending, numbered by its task."""
    rows = [
        {"run_id": run_id, "unit_id": unit_id, "site_home": home, "task": task, "state": PENDING}
        for task, group in enumerate(groups)
        for unit_id, home in group
    ]
    if rows:
        session.execute(insert(table_of(SiteResultRow)), rows)


def record_site_once(
    session: Session, run_id: int, site: SiteCrawl, *, observed_at: datetime, worker: str = ""
) -> bool:
    """Record the site unless this run already has it; True when this call wrote it.

    Claims the pending row (a dispatched site) or inserts a done row (a local run) before writing:
    on PostgreSQL a concurrent duplicate waits on the row and then finds it done; on SQLite the
    IMMEDIATE transaction already serialises writers.
    """
    values = {
        "state": DONE,
        "complete": site.complete,
        "pages": site.pages_fetched,
        "requests": site.requests,
        "links": len(site.links),
        "broken": sum(1 for link in site.links if link.broken),
        "worker": worker,
        "recorded_at": observed_at,
    }
    table = table_of(SiteResultRow)
    key = (table.c.run_id == run_id, table.c.unit_id == site.unit_id, table.c.site_home == site.site_home)
    claimed = rowcount(session.execute(update(table).where(*key, table.c.state == PENDING).values(**values)))
    if not claimed:
        stmt = (
            insert_for(session, table)
            .values(run_id=run_id, unit_id=site.unit_id, site_home=site.site_home, task=0, **values)
            .on_conflict_do_nothing(index_elements=["run_id", "unit_id", "site_home"])
        )
        if session.execute(stmt.returning(table.c.id)).first() is None:
            return False
    record_site(session, run_id, site, observed_at=observed_at)
    return True


def pending_sites(session: Session, run_id: int, keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Of ``keys``, the sites this run has not recorded yet (in the order given)."""
    keys = list(keys)
    done = {
        (row.unit_id, row.site_home)
        for row in session.execute(
            select(SiteResultRow.unit_id, SiteResultRow.site_home).where(
                SiteResultRow.run_id == run_id, SiteResultRow.state == DONE
            )
        )
    }
    return [key for key in keys if key not in done]


def run_progress(session: Session, run_id: int, *, sites: bool = True) -> RunProgress:
    """Counts and sums over the run's site results; with ``sites``, also which sites broke off or are
    missing (a coordinator polling a 14,000-site run asks for the counts only: one aggregate row)."""
    if not sites:
        is_done = SiteResultRow.state == DONE
        row = session.execute(
            select(
                func.count(),
                func.count().filter(is_done),
                func.coalesce(func.sum(SiteResultRow.pages), 0),
                func.coalesce(func.sum(SiteResultRow.requests), 0),
                func.coalesce(func.sum(SiteResultRow.links), 0),
                func.coalesce(func.sum(SiteResultRow.broken), 0),
            ).where(SiteResultRow.run_id == run_id)
        ).one()
        total, done_count, pages, requests, links, broken = (int(value) for value in row)
        return RunProgress(run_id, total, done_count, pages, requests, links, broken)
    rows = session.scalars(
        select(SiteResultRow).where(SiteResultRow.run_id == run_id).order_by(SiteResultRow.id)
    ).all()
    done = [row for row in rows if row.state == DONE]
    return RunProgress(
        run_id=run_id,
        total=len(rows),
        done=len(done),
        pages=sum(row.pages for row in done),
        requests=sum(row.requests for row in done),
        links=sum(row.links for row in done),
        broken=sum(row.broken for row in done),
        incomplete_sites=tuple(row.site_home for row in done if not row.complete),
        pending_sites=tuple(row.site_home for row in rows if row.state != DONE),
    )


def run_status(session: Session, run_id: int) -> RunStatus | None:
    status = session.scalar(select(CrawlRun.status).where(CrawlRun.id == run_id))
    return None if status is None else RunStatus(status)


def settle_abandoned_runs(session: Session, *, now: datetime) -> list[tuple[int, RunStatus]]:
    """Close the dispatched runs whose coordinator is gone (its holder holds no live lock).

    A run whose every site was recorded is finished as if its coordinator had lived (complete, or
    incomplete when a site broke off); a run still missing sites is marked incomplete, never
    complete.  Sites recorded later by workers still land in it.
    """
    live_holders = select(LockRow.holder).where(LockRow.expires_at > now)
    orphans = session.scalars(
        select(CrawlRun.id).where(
            CrawlRun.status == RunStatus.running.value,
            CrawlRun.holder.not_in(live_holders),
            CrawlRun.id.in_(select(SiteResultRow.run_id)),
        )
    ).all()
    settled = []
    for run_id in orphans:
        progress = run_progress(session, run_id)
        if progress.pending_sites:
            status = RunStatus.incomplete
            note = (
                f"协调进程已退出，于 {now:%Y-%m-%d %H:%M} UTC 标记为未完成："
                f"{len(progress.pending_sites)} 个站点未抓取"
            )
        else:
            status = RunStatus.complete if not progress.incomplete_sites else RunStatus.incomplete
            note = f"协调进程已退出，所有站点均已写入，于 {now:%Y-%m-%d %H:%M} UTC 结束"
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.id == run_id, CrawlRun.status == RunStatus.running.value)
            .values(status=status.value, finished_at=now, note=note)
            .execution_options(synchronize_session=False)
        )
        settled.append((run_id, status))
    return settled
