"""``freshwatch worker``: a Celery worker that crawls site groups and writes them to PostgreSQL.

Each pool process opens its own store after the fork, keeps a heartbeat row (alive, idle or
crawling which site) and runs one task at a time: it skips the sites the run already has (a
re-delivered task resumes where the lost one stopped) and tasks of runs that are no longer
running (stopped, or closed by the next coordinator), crawls the rest with the same crawler as a
local crawl, and records each site once (``storage.record_site_once``), as soon as it is done.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from datetime import date
from typing import TYPE_CHECKING, Any

from freshwatch import storage
from freshwatch.app.clock import Clock, zone
from freshwatch.app.crawl_job import (
    ContentChecks,
    collect_garbage_for_crawling,
    content_checks,
    record_crawled_site,
)
from freshwatch.app.snapshots import SnapshotPolicy, keep_overdue_snapshots
from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config, ExecutorSettings
from freshwatch.crawler.run import SiteKey, crawl
from freshwatch.crawler.types import SiteCrawl
from freshwatch.distributed.celery_app import TASK, make_celery
from freshwatch.scoring.rulebooks import rulebook_on
from freshwatch.storage import RunStatus, Store

if TYPE_CHECKING:
    from celery import Celery, Task

log = logging.getLogger("freshwatch.distributed.worker")

_RETRY_DELAYS = 5  # a task whose database write failed is retried this many times, backing off


class Runtime:
    """One pool process's store, registry cache and heartbeat (made after the fork, never shared)."""

    def __init__(self, settings: ExecutorSettings, database: str, node: str) -> None:
        self.settings = settings
        self.node = node
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.store: Store = storage.open_store(database)
        self.clock = Clock.system()
        self._configs: dict[int, Config] = {}
        self._content: dict[tuple[int, date], ContentChecks] = {}
        self._snapshots: dict[tuple[int, date], SnapshotPolicy] = {}
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"state": "idle", "run_id": None, "site": ""}
        self._beating = threading.Event()

    def config(self, registry_id: int) -> Config:
        if registry_id not in self._configs:
            with self.store.session() as session:
                text = storage.registry_config(session, registry_id)
            if text is None:
                raise LookupError(f"registry snapshot {registry_id} is not in the database")
            self._configs = {registry_id: Config.model_validate_json(text)}  # one run's registry at a time
        return self._configs[registry_id]

    def beat(self, *, sites_done: int = 0, **state: Any) -> None:
        with self._lock:
            self._state.update(state)
            current = dict(self._state)
        with self.store.session() as session:
            storage.beat_worker(
                session,
                name=self.name,
                node=self.node,
                queue=self.settings.queue,
                now=self.clock.now(),
                sites_done=sites_done,
                **current,
            )

    def start_heartbeat(self) -> None:
        def loop() -> None:
            while not self._beating.wait(self.settings.heartbeat):
                try:
                    self.beat()
                except Exception:  # the database is away: the next beat tries again
                    log.warning("worker heartbeat failed", exc_info=True)

        self.beat()
        threading.Thread(target=loop, name="freshwatch-heartbeat", daemon=True).start()

    def stop_heartbeat(self) -> None:
        self._beating.set()
        try:
            self.beat(state="stopped", run_id=None, site="")
        except Exception:
            log.warning("could not record the worker's stop", exc_info=True)

    def content(self, registry_id: int, today: date) -> ContentChecks | None:
        """The content checks of this run's registry and day, built once per process and run."""
        config = self.config(registry_id)
        if not config.content.enabled:
            return None
        key = (registry_id, today)
        if key not in self._content:
            rulebook = self.snapshots(registry_id, today).rulebook
            self._content = {key: content_checks(config, self.store, today, self.clock.now(), rulebook)}
        return self._content[key]

    def snapshots(self, registry_id: int, today: date) -> SnapshotPolicy:
        """The rulebook in force for this run's registry and day, read once per process and run."""
        key = (registry_id, today)
        if key not in self._snapshots:
            config = self.config(registry_id)
            self._snapshots = {
                key: SnapshotPolicy(rulebook_on(load_rulebooks(config), today), zone(config), today)
            }
        return self._snapshots[key]

    def write(
        self,
        run_id: int,
        site: SiteCrawl,
        content: ContentChecks | None,
        today: date,
        snapshots: SnapshotPolicy | None = None,
    ) -> bool:
        with self.store.session() as session:
            now = self.clock.now()
            wrote = record_crawled_site(session, run_id, site, now, content, today, worker=self.name)
            if wrote and snapshots is not None:  # the same transaction, as in the local crawl
                keep_overdue_snapshots(session, site, snapshots, now)
        self.beat(sites_done=1 if wrote else 0)
        return wrote


def crawl_group(runtime: Runtime, run_id: int, registry_id: int, today: str, sites: list[list[str]]) -> int:
    """Crawl the group's sites this run still lacks; returns how many this call recorded."""
    keys: list[SiteKey] = [(unit_id, home) for unit_id, home in sites]
    with runtime.store.session() as session:
        status = storage.run_status(session, run_id)
        todo = storage.pending_sites(session, run_id, keys)
        # what the store knows of these sites' columns: the walk stops where the stored history begins
        memory = storage.column_memory(session, unit_ids=sorted({unit_id for unit_id, _ in todo}))
    if status is not RunStatus.running or not todo:
        log.info(
            "run %s: nothing to do for this group (run %s, %d of %d sites left)",
            run_id,
            status,
            len(todo),
            len(keys),
            extra={"run_id": run_id},
        )
        return 0
    config = runtime.config(registry_id)
    day = date.fromisoformat(today)
    content = runtime.content(registry_id, day)
    snapshots = runtime.snapshots(registry_id, day)
    runtime.beat(state="crawling", run_id=run_id, site=", ".join(home for _, home in todo))
    written = 0

    async def sink(site: SiteCrawl) -> None:
        nonlocal written
        written += int(await asyncio.to_thread(runtime.write, run_id, site, content, day, snapshots))

    try:
        asyncio.run(
            crawl(
                config,
                today=day,
                now=runtime.clock.now,
                sink=sink,
                only=todo,
                content=content.plan if content else None,
                memory=memory,
            )
        )
    finally:
        runtime.beat(state="idle", run_id=None, site="")
    return written


def worker_app(settings: ExecutorSettings, database: str, node: str) -> Celery:
    """The Celery app with the crawl task bound to this process's runtime (made in each pool process)."""
    from celery import signals
    from sqlalchemy.exc import SQLAlchemyError

    from freshwatch.storage.errors import StoreError

    app = make_celery(settings)
    runtimes: dict[int, Runtime] = {}

    def runtime() -> Runtime:
        pid = os.getpid()
        if pid not in runtimes:
            runtimes.clear()  # a forked child must not reuse its parent's connections
            runtimes[pid] = Runtime(settings, database, node)
        return runtimes[pid]

    @app.task(
        name=TASK,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=(SQLAlchemyError, StoreError, OSError),
        retry_backoff=True,
        max_retries=_RETRY_DELAYS,
    )
    def crawl_task(
        task: Task, run_id: int, registry_id: int, today: str, sites: list[list[str]], number: int
    ) -> int:
        return crawl_group(runtime(), run_id, registry_id, today, sites)

    def process_init(**_: Any) -> None:
        collect_garbage_for_crawling()
        runtime().start_heartbeat()

    def process_shutdown(**_: Any) -> None:
        if os.getpid() in runtimes:
            runtimes[os.getpid()].stop_heartbeat()

    signals.worker_process_init.connect(process_init, weak=False)
    signals.worker_process_shutdown.connect(process_shutdown, weak=False)
    return app


def run_worker(
    settings: ExecutorSettings, database: str, *, concurrency: int, loglevel: str = "INFO"
) -> None:
    """Serve the queue until SIGTERM (warm shutdown: running tasks finish) or SIGQUIT."""
    node = f"freshwatch-{os.getpid()}@{socket.gethostname()}"
    app = worker_app(settings, database, node)
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            f"--queues={settings.queue}",
            f"--hostname={node}",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--prefetch-multiplier=1",
        ]
    )


__all__ = ["Runtime", "crawl_group", "run_worker", "worker_app"]
