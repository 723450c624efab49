"""The coordinator of a distributed crawl: dispatch one task per site group, follow the run, close it.

Every site is recorded as pending before any task leaves, so the run knows what it waits for; the
coordinator then reads progress from the site results the workers write (not from the broker), and
returns when every site is in, when it is asked to stop (the run is then interrupted and workers
skip its remaining tasks), or when no site has finished for ``executor.stall_timeout`` (the run is
then incomplete, never complete with a site missing).  A coordinator that dies leaves its run to
``storage.settle_abandoned_runs`` at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from freshwatch import storage
from freshwatch.app.clock import Clock
from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config
from freshwatch.crawler.run import CrawlProgress, CrawlSummary, SiteKey, site_groups
from freshwatch.distributed.celery_app import TASK, make_celery
from freshwatch.scoring.rulebooks import rulebook_on
from freshwatch.storage import RunProgress, Store

log = logging.getLogger("freshwatch.distributed.coordinator")

_SEND_RETRY = {"max_retries": 30, "interval_start": 0.5, "interval_step": 1.0, "interval_max": 5.0}
_LOG_EVERY = timedelta(seconds=30)


async def crawl_on_workers(
    config: Config,
    store: Store,
    run_id: int,
    *,
    units: Sequence[str] | None,
    today: date,
    clock: Clock,
    stop: asyncio.Event,
    progress: Callable[[CrawlProgress], None] | None,
) -> CrawlSummary:
    """Crawl run ``run_id`` on the Celery workers; see the module docstring."""
    started = time.monotonic()
    settings = config.executor
    groups = site_groups(config, units)
    registry_id = await asyncio.to_thread(_prepare, store, run_id, config, groups, today, clock.now())
    await asyncio.to_thread(_dispatch, config, run_id, registry_id, today, groups)
    log.info(
        "crawl run %s dispatched: %d sites in %d tasks on queue %s",
        run_id,
        sum(len(g) for g in groups),
        len(groups),
        settings.queue,
        extra={"run_id": run_id, "queue": settings.queue},
    )
    seen, last_change, last_log = -1, time.monotonic(), clock.now()
    while True:
        state = await asyncio.to_thread(_progress, store, run_id, False)
        if state.done != seen:
            seen, last_change = state.done, time.monotonic()
            if progress is not None:
                progress(_as_progress(state))
        if clock.now() - last_log >= _LOG_EVERY:
            last_log = clock.now()
            await asyncio.to_thread(_log_progress, store, state, clock.now(), settings.heartbeat)
        if state.finished or stop.is_set() or time.monotonic() - last_change > settings.stall_timeout:
            break
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.follow_interval)
    state = await asyncio.to_thread(_progress, store, run_id, True)  # which sites broke off or are missing
    if not state.finished and not stop.is_set():
        log.error(
            "crawl run %s: no site finished for %.0f s; %d sites missing, the run is incomplete",
            run_id,
            settings.stall_timeout,
            len(state.pending_sites),
            extra={"run_id": run_id, "pending_sites": list(state.pending_sites)},
        )
    interrupted = stop.is_set() and not state.finished
    missing = () if interrupted else state.pending_sites
    return CrawlSummary(
        sites=state.done,
        pages=state.pages,
        requests=state.requests,
        links_checked=state.links,
        broken=state.broken,
        seconds=round(time.monotonic() - started, 3),
        interrupted=interrupted,
        incomplete_sites=state.incomplete_sites + missing,
    )


def _prepare(
    store: Store, run_id: int, config: Config, groups: list[tuple[SiteKey, ...]], today: date, now: datetime
) -> int:
    """The registry the workers will read (by id), and every site recorded as pending: one transaction."""
    rulebook = rulebook_on(load_rulebooks(config), today)
    with store.session() as session:
        registry_id = storage.registry_snapshot_id(
            session,
            config_json=config.model_dump_json(by_alias=True),
            rulebook_json=rulebook.model_dump_json(by_alias=True),
            at=now,
        )
        storage.expect_sites(session, run_id, groups)
    return registry_id


def _dispatch(
    config: Config, run_id: int, registry_id: int, today: date, groups: list[tuple[SiteKey, ...]]
) -> None:
    """One persistent message per site group; a broker that is briefly away is retried."""
    settings = config.executor
    app = make_celery(settings)
    try:
        with app.producer_or_acquire() as producer:
            for number, group in enumerate(groups):
                app.send_task(
                    TASK,
                    args=[run_id, registry_id, today.isoformat(), [list(key) for key in group], number],
                    queue=settings.queue,
                    producer=producer,
                    retry=True,
                    retry_policy=_SEND_RETRY,
                )
    finally:
        app.close()


def _progress(store: Store, run_id: int, sites: bool) -> RunProgress:
    with store.session() as session:
        return storage.run_progress(session, run_id, sites=sites)


def _as_progress(state: RunProgress) -> CrawlProgress:
    return CrawlProgress(
        sites_total=state.total,
        sites_done=state.done,
        pages=state.pages,
        requests=state.requests,
        links_checked=state.links,
        broken=state.broken,
    )


def _log_progress(store: Store, state: RunProgress, now: datetime, heartbeat: float) -> None:
    """What the daemon's log shows while a run is out: its progress and what each live worker does."""
    with store.session() as session:
        workers = storage.workers_seen(session, since=now - timedelta(seconds=3 * heartbeat))
    busy = [f"{w.name}:{w.site}" for w in workers if w.state == "crawling"]
    log.info(
        "crawl run %s: %d/%d sites; %d workers alive, crawling %s",
        state.run_id,
        state.done,
        state.total,
        len(workers),
        ", ".join(busy) or "nothing",
        extra={"run_id": state.run_id, "workers": [w.name for w in workers]},
    )


__all__ = ["crawl_on_workers"]
