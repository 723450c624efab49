"""Wiring of one crawl: the lock, the run record, the crawl, and each site written as it lands.

This is where I/O meets: the crawler fetches, storage writes.  Each finished site is committed in
its own transaction, so a crawl that dies halfway keeps every site it finished; the run is then
marked incomplete (or interrupted, when it was asked to stop), never erased.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from freshwatch import storage
from freshwatch.app.clock import Clock, local_today, zone
from freshwatch.app.content_checks import build_scanner, site_findings
from freshwatch.app.errors import CrawlLockedError, CrawlStorageFailed, SharedDatabaseRequired
from freshwatch.app.snapshots import SnapshotPolicy, keep_overdue_snapshots
from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config, Rulebook
from freshwatch.crawler.attachments import ContentPlan, Validators
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.run import CrawlProgress, CrawlSummary, crawl, probe_sites, site_groups
from freshwatch.crawler.types import ColumnMemory, Probe, SiteCrawl
from freshwatch.scoring.rulebooks import rulebook_on
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
    processes: int = 1,
) -> CrawlSummary:
    """Crawl the selected units into ``store`` under the database crawl lock (``readers``: the
    detectors' list readers unless a test swaps them).

    Where the sites are crawled: ``executor.kind: celery`` hands them to the workers and follows
    the run; else ``processes`` > 1 spreads them over that many local processes (this process
    writes); else they are crawled here, as they always were.
    """
    clock = clock or Clock.system()
    today = today or local_today(config, clock.now())
    if config.executor.kind == "celery":
        require_shared_database(store.url)
    holder = storage.default_holder()  # names both the lock and the run, so a dead run is recognised
    ttl = timedelta(seconds=config.crawl.lock_ttl)
    run_id = await asyncio.to_thread(_begin, store, holder, ttl, clock.now(), list(units or ()))
    memory = await asyncio.to_thread(_memory, store, units)
    heartbeat = asyncio.create_task(_keep_lock(store, holder, ttl, clock))
    status = RunStatus.incomplete
    summary: CrawlSummary | None = None
    rulebook = rulebook_on(load_rulebooks(config), today)  # read once: content checks and snapshots share it
    content = (
        await asyncio.to_thread(content_checks, config, store, today, clock.now(), rulebook)
        if config.content.enabled
        else None
    )
    snapshots = SnapshotPolicy(rulebook, zone(config), today)

    async def sink(site: SiteCrawl) -> None:
        await asyncio.to_thread(
            _record_site_or_stop, store, run_id, site, clock.now(), content, today, snapshots=snapshots
        )

    stop = stop or asyncio.Event()
    try:
        if config.executor.kind == "celery":
            from freshwatch.distributed.coordinator import crawl_on_workers

            summary = await crawl_on_workers(
                config, store, run_id, units=units, today=today, clock=clock, stop=stop, progress=progress
            )
        else:
            here = processes <= 1 or len(site_groups(config, units)) <= 1
            if here:
                crawl_sites = crawl
            else:
                from freshwatch.distributed.pool import crawl_in_processes

                crawl_sites = functools.partial(crawl_in_processes, processes=processes)
            summary = await crawl_sites(
                config,
                units=units,
                today=today,
                now=clock.now,
                sink=sink,
                progress=progress,
                stop=stop,
                readers=readers,
                memory=memory,
                content=content.plan if content else None,
            )
        status = _status(summary)
        if status is RunStatus.complete:
            await asyncio.to_thread(_verify_claims, config, store, units, today, clock.now())
        return summary
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        pages = summary.pages if summary else 0
        requests = summary.requests if summary else 0
        note = _note(summary)
        try:
            await asyncio.to_thread(_end, store, run_id, holder, status, clock.now(), pages, requests, note)
        except SQLAlchemyError as error:
            # the database is gone or full: the lock expires on its own and the next crawl marks
            # this run abandoned; the person gets one line (raised only when nothing else is)
            log.error("could not close crawl run %s: %s", run_id, error)
            if summary is not None:
                raise CrawlStorageFailed(
                    f"抓取已完成，但无法在数据库中记录结束状态：{_reason(error)}"
                ) from None
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


def require_shared_database(url: str) -> None:
    """Workers on other machines write straight to the database: a SQLite file can't be shared."""
    if url.startswith("sqlite"):
        raise SharedDatabaseRequired(url)


def default_processes(config: Config, requested: int | None = None) -> int:
    """``--processes N`` when given, else the config's ``executor.processes``, else one per core."""
    return requested or config.executor.processes or os.cpu_count() or 1


def collect_garbage_for_crawling() -> None:
    """A crawl allocates millions of short-lived objects and few cycles: with the default
    thresholds the collector re-scans the long-lived imports and config ~8 % of CPU. Freezing
    what exists now and collecting the youngest generation less often costs a little memory."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _verify_claims(
    config: Config, store: Store, units: Sequence[str] | None, today: date, now: datetime
) -> None:
    """The rectification loop: claims of the crawled units are checked against what was just read."""
    from freshwatch.app.rectification import verify_claims
    from freshwatch.config.loader import load_rulebooks
    from freshwatch.scoring.rulebooks import rulebook_on

    unit_ids = list(units) if units else [u.id for u in config.units]
    rulebook = rulebook_on(load_rulebooks(config), today)
    verify_claims(store, config, rulebook, unit_ids=unit_ids, today=today, at=now)


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
            _take_over_or_refuse(session, holder, ttl, now)
    settle_abandoned(store, now)
    with store.session() as session:
        return storage.start_run(session, started_at=now, kind="crawl", units=units, holder=holder)


def _memory(store: Store, units: Sequence[str] | None) -> dict[tuple[str, str], ColumnMemory]:
    """What the store knows of each column, handed to the crawler (which imports no storage)."""
    with store.session() as session:
        return storage.column_memory(session, unit_ids=list(units) if units else None)


def _take_over_or_refuse(session: Session, holder: str, ttl: timedelta, now: datetime) -> None:
    """A lock whose holder process is gone from this host (kill -9, a power cut) is taken over at
    once; any other lock is named, with its holder and expiry, in the refusal."""
    lock = storage.current_lock(session, CRAWL_LOCK, now=now)
    if lock is None:  # released or expired since we asked: ask once more
        if storage.acquire_lock(session, CRAWL_LOCK, holder, now=now, ttl=ttl):
            return
        lock = storage.current_lock(session, CRAWL_LOCK, now=now)
    if (
        lock is not None
        and holder_is_gone(lock.holder)
        and storage.take_over_lock(session, CRAWL_LOCK, lock.holder, holder, now=now, ttl=ttl)
    ):
        log.warning("took over the crawl lock of %s, whose process is gone", lock.holder)
        return
    who = lock.holder if lock is not None else "另一进程"
    until = f"，锁到期 {lock.expires_at:%Y-%m-%d %H:%M:%S} UTC" if lock is not None else ""
    raise CrawlLockedError(f"另一个抓取任务正在运行（{who}{until}），请稍后再试")


def holder_is_gone(holder: str) -> bool:
    """True when ``holder`` (``host:pid``) names a process of this host that no longer exists."""
    host, _, pid_text = holder.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine's process can't be seen from here: wait for the expiry
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


def _record_site_or_stop(
    store: Store,
    run_id: int,
    site: SiteCrawl,
    observed_at: datetime,
    content: ContentChecks | None = None,
    today: date | None = None,
    *,
    snapshots: SnapshotPolicy | None = None,
) -> None:
    """Write one site; a lost connection is retried once on a fresh one, and a write that still
    fails (disk full, database gone) stops the crawl with one clear line: the sites already
    written stay, and the run is marked incomplete."""
    try:
        _record_site(store, run_id, site, observed_at, content, today, snapshots)
        return
    except DBAPIError as error:
        if not (error.connection_invalidated or isinstance(error, OperationalError)):
            raise CrawlStorageFailed(_write_failed(site, error)) from None
        log.warning("writing site %s failed (%s); retrying once", site.site_home, _reason(error))
    try:
        _record_site(store, run_id, site, observed_at, content, today, snapshots)
    except SQLAlchemyError as error:
        raise CrawlStorageFailed(_write_failed(site, error)) from None


def _write_failed(site: SiteCrawl, error: SQLAlchemyError) -> str:
    return (
        f"无法把站点 {site.site_home} 的抓取结果写入数据库（{_reason(error)}）；"
        "抓取已停止，已写入的站点保留，本次运行记为未完成"
    )


def _reason(error: SQLAlchemyError) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def settle_abandoned(store: Store, now: datetime) -> None:
    """Close the runs of processes that died: a distributed run by its site results (finished when
    every site is in, else incomplete), any other as incomplete."""
    with store.session() as session:
        for run_id, status in storage.settle_abandoned_runs(session, now=now):
            log.warning("run %s of a dead coordinator closed as %s", run_id, status, extra={"run_id": run_id})
        storage.mark_abandoned_runs(session, now=now)


@dataclass(frozen=True, slots=True)
class ContentChecks:
    plan: ContentPlan
    config: Config
    rulebook: Rulebook


def content_checks(
    config: Config, store: Store, today: date, now: datetime, rulebook: Rulebook | None = None
) -> ContentChecks:
    """The crawl's content scanner (lists compiled once, the hash salt from settings or the database)."""
    with store.session() as session:
        salt = storage.content_salt(session, now=now)
        known = {
            url: Validators(state.etag, state.last_modified)
            for url, state in storage.attachment_states(session).items()
        }
    if config.content.hash_salt:
        salt = config.content.hash_salt.encode()
    plan = ContentPlan(
        scanner=build_scanner(config, salt),
        attachments=config.content.attachments,
        max_bytes=config.content.attachment_max_bytes,
        known=known,
    )
    return ContentChecks(plan, config, rulebook or rulebook_on(load_rulebooks(config), today))


def _record_site(
    store: Store,
    run_id: int,
    site: SiteCrawl,
    observed_at: datetime,
    content: ContentChecks | None = None,
    today: date | None = None,
    snapshots: SnapshotPolicy | None = None,
) -> None:
    with store.session() as session:
        written = record_crawled_site(session, run_id, site, observed_at, content, today)
        if written and snapshots is not None:
            keep_overdue_snapshots(session, site, snapshots, observed_at)


def record_crawled_site(
    session: Session,
    run_id: int,
    site: SiteCrawl,
    observed_at: datetime,
    content: ContentChecks | None = None,
    today: date | None = None,
    *,
    worker: str = "",
) -> bool:
    """The site's data and its content findings, once per run (a second delivery writes nothing);
    True when this call wrote them.  One transaction: the caller's session."""
    if not storage.record_site_once(session, run_id, site, observed_at=observed_at, worker=worker):
        return False
    if content is not None and today is not None:
        found = site_findings(site, content.config, content.rulebook, today)
        read = [a for a in site.attachments if a.changed]
        storage.record_findings(
            session,
            site.unit_id,
            site.site_home,
            [*found.findings, *(f for a in read for f in a.findings)],
            read_urls=found.read_urls | {a.url for a in read},
            evaluated=found.evaluated,
            at=observed_at,
            unchanged={a.url for a in site.attachments if not a.changed},
        )
        for attachment in read:
            storage.record_attachment(
                session,
                attachment.url,
                etag=attachment.etag,
                last_modified=attachment.last_modified,
                size=attachment.size,
                unreadable=attachment.unreadable,
                at=observed_at,
            )

    return True


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
    try:
        with store.session() as session:
            storage.finish_run(
                session, run_id, status=status, finished_at=now, pages=pages, requests=requests, note=note
            )
    finally:  # the lock goes even when the run can't be closed, so the next crawl needn't wait
        with store.session() as session:
            storage.release_lock(session, CRAWL_LOCK, holder)


async def _keep_lock(store: Store, holder: str, ttl: timedelta, clock: Clock) -> None:
    """Refresh the crawl lock while the crawl runs, so only a dead process loses it."""
    while True:
        await asyncio.sleep(ttl.total_seconds() / 3)

        def refresh() -> None:
            with store.session() as session:
                storage.refresh_lock(session, CRAWL_LOCK, holder, now=clock.now(), ttl=ttl)

        try:
            await asyncio.to_thread(refresh)
        except SQLAlchemyError as error:  # a moment without the database: try again next beat
            log.warning("could not refresh the crawl lock: %s", _reason(error))
