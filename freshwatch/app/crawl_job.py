"""Wiring of one crawl: the lock, the run record, the crawl, and each site written as it lands.

This is where I/O meets: the crawler fetches, storage writes.  Each finished site is committed in
its own transaction, so a crawl that dies halfway keeps every site it finished; the run is then
marked incomplete (or interrupted, when it was asked to stop), never erased.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from freshwatch import storage
from freshwatch.app.clock import Clock, local_today
from freshwatch.app.errors import CrawlLockedError
from freshwatch.config.models import Config
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.run import CrawlProgress, CrawlSummary, crawl, probe_sites
from freshwatch.crawler.types import Probe, SiteCrawl
from freshwatch.storage import RunStatus, Store

log = logging.getLogger("freshwatch.app.crawl_job")

CRAWL_LOCK = "crawl"


async def run_crawl(
    config: Config,
    store: Store,
    *,
    units: Sequence[str] | None = None,
    today: date | None = None,
    clock: Clock | None = None,
    stop: asyncio.Event | None = None,
    progress: Callable[[CrawlProgress], None] | None = None,
    readers: Readers | None = None,
) -> CrawlSummary:
    """Crawl the selected units into ``store`` under the database crawl lock (``readers``: the
    detectors' list readers unless a test swaps them)."""
    clock = clock or Clock.system()
    today = today or local_today(config, clock.now())
    holder = storage.default_holder()  # names both the lock and the run, so a dead run is recognised
    ttl = timedelta(seconds=config.crawl.lock_ttl)
    run_id = await asyncio.to_thread(_begin, store, holder, ttl, clock.now(), list(units or ()))
    heartbeat = asyncio.create_task(_keep_lock(store, holder, ttl, clock))
    status = RunStatus.incomplete
    summary: CrawlSummary | None = None

    async def sink(site: SiteCrawl) -> None:
        await asyncio.to_thread(_record_site, store, run_id, site, clock.now())

    try:
        summary = await crawl(
            config,
            units=units,
            today=today,
            now=clock.now,
            sink=sink,
            progress=progress,
            stop=stop,
            readers=readers,
        )
        status = _status(summary)
        return summary
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        pages = summary.pages if summary else 0
        requests = summary.requests if summary else 0
        note = _note(summary)
        await asyncio.to_thread(_end, store, run_id, holder, status, clock.now(), pages, requests, note)
        failed = summary.incomplete_sites if summary else ()
        level = logging.INFO if status is RunStatus.complete else logging.WARNING
        log.log(
            level,
            "crawl run %s finished: %s (%d sites incomplete)",
            run_id,
            status,
            len(failed),
            extra={"run_id": run_id, "status": status.value, "incomplete_sites": list(failed)},
        )


def _status(summary: CrawlSummary) -> RunStatus:
    """Interrupted when asked to stop; incomplete when a site's crawl broke off; else complete."""
    if summary.interrupted:
        return RunStatus.interrupted
    return RunStatus.complete if summary.complete else RunStatus.incomplete


def _note(summary: CrawlSummary | None) -> str:
    if summary is None or summary.interrupted or not summary.incomplete_sites:
        return ""
    return f"{len(summary.incomplete_sites)} 个站点抓取中途出错（见站点错误记录）：" + "、".join(
        summary.incomplete_sites
    )


async def run_probe(config: Config, store: Store, *, clock: Clock | None = None) -> list[Probe]:
    """Probe every home page once and store each result."""
    clock = clock or Clock.system()
    results = await probe_sites(config, now=clock.now)

    def write() -> None:
        with store.session() as session:
            for probe in results:
                storage.record_probe(session, probe)

    await asyncio.to_thread(write)
    return results


def _begin(store: Store, holder: str, ttl: timedelta, now: datetime, units: list[str]) -> int:
    with store.session() as session:
        if not storage.acquire_lock(session, CRAWL_LOCK, holder, now=now, ttl=ttl):
            raise CrawlLockedError("另一个抓取任务正在运行（数据库中的抓取锁未释放），请稍后再试")
    with store.session() as session:
        storage.mark_abandoned_runs(session, now=now)
        return storage.start_run(session, started_at=now, kind="crawl", units=units, holder=holder)


def _record_site(store: Store, run_id: int, site: SiteCrawl, observed_at: datetime) -> None:
    with store.session() as session:
        storage.record_site(session, run_id, site, observed_at=observed_at)


def _end(
    store: Store,
    run_id: int,
    holder: str,
    status: RunStatus,
    now: datetime,
    pages: int,
    requests: int,
    note: str,
) -> None:
    with store.session() as session:
        storage.finish_run(
            session, run_id, status=status, finished_at=now, pages=pages, requests=requests, note=note
        )
    with store.session() as session:
        storage.release_lock(session, CRAWL_LOCK, holder)


async def _keep_lock(store: Store, holder: str, ttl: timedelta, clock: Clock) -> None:
    """Refresh the crawl lock while the crawl runs, so only a dead process loses it."""
    while True:
        await asyncio.sleep(ttl.total_seconds() / 3)

        def refresh() -> None:
            with store.session() as session:
                storage.refresh_lock(session, CRAWL_LOCK, holder, now=clock.now(), ttl=ttl)

        await asyncio.to_thread(refresh)
