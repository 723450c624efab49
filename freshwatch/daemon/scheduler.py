"""``freshwatch daemon``: crawl, probe and digest on a schedule, unattended (``health`` reads its record).

The schedule is rebuilt from the config at every start (no pickled job store), so editing
``schedule:`` and restarting is all it takes.  Each job is guarded: whatever it raises is logged
and recorded as a failed job run, and the daemon carries on.  Two crawls never overlap: APScheduler
runs one instance per job, and the crawl lock in the database (taken inside ``run_crawl``) keeps a
crawl started by hand from running beside the daemon's.  On SIGTERM/SIGINT the daemon takes no new
work, tells a running crawl to stop (it writes what it fetched and marks its run interrupted),
waits for running jobs, and exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from freshwatch import storage
from freshwatch.app.clock import Clock, local_today
from freshwatch.app.crawl_job import default_processes, run_crawl, run_probe, settle_abandoned
from freshwatch.app.errors import CrawlLockedError
from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config, Rulebook, ScheduleSettings
from freshwatch.config.schedule import parse_schedule
from freshwatch.notify.digest.send import run_digest
from freshwatch.storage import Store

JOBS = ("crawl", "probe", "digest")


# --- the schedule ----------------------------------------------------------------------------------


def job_triggers(settings: ScheduleSettings, *, source: str = "config") -> dict[str, BaseTrigger]:
    """Each job's trigger, read by ``config.schedule.parse_schedule`` (the config validator's reading)."""
    zone = ZoneInfo(settings.timezone)
    triggers: dict[str, BaseTrigger] = {}
    for name in JOBS:
        spec = getattr(settings, name)
        try:
            triggers[name] = parse_schedule(spec, zone)
        except ValueError as error:
            raise ConfigError(source or "config", f"schedule.{name}", spec, str(error)) from None
    return triggers


def longest_gap(trigger: BaseTrigger, after: datetime, fires: int = 10) -> timedelta:
    """The longest wait between runs over the next ``fires`` runs (weekday-only crons wait longer)."""
    previous = trigger.get_next_fire_time(None, after)
    gap = timedelta(0)
    for _ in range(fires):
        if previous is None:
            break
        following = trigger.get_next_fire_time(previous, previous + timedelta(seconds=1))
        if following is None:
            break
        gap = max(gap, following - previous)
        previous = following
    return gap


# --- running ---------------------------------------------------------------------------------------

JobWork = Callable[[], Awaitable[tuple[bool, str]]]
DAEMON_JOB = "daemon"  # recorded at each start, so health can tell "not yet run" from "overdue"
HEARTBEAT_LOCK = "daemon-heartbeat"  # a lock row the running daemon keeps refreshing; health reads it


class Daemon:
    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        log: logging.Logger,
        clock: Clock | None = None,
        rulebooks: Sequence[Rulebook] | None = None,
    ) -> None:
        self.config = config
        self.store = store
        # the caller's rulebooks (the CLI hands App.rulebooks()); else the config's own
        self.rulebooks = list(rulebooks) if rulebooks is not None else load_rulebooks(config)
        self.log = log
        self.clock = clock or Clock.system()
        self.stop = asyncio.Event()  # handed to run_crawl: stop taking new work
        self.holder = storage.default_holder()
        self._running: set[asyncio.Task[None]] = set()

    def request_stop(self, reason: str = "requested") -> None:
        if not self.stop.is_set():
            self.log.info("stopping: no new work, waiting for running jobs", extra={"reason": reason})
        self.stop.set()

    async def run(self) -> int:
        settings = self.config.schedule
        scheduler = AsyncIOScheduler(
            timezone=ZoneInfo(settings.timezone),
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": settings.misfire_grace},
        )
        work: dict[str, JobWork] = {"crawl": self._crawl, "probe": self._probe, "digest": self._digest}
        for name, trigger in job_triggers(settings, source=self.config.source).items():
            scheduler.add_job(self._guarded, trigger, args=(name, work[name]), id=name, name=name)
        scheduler.add_job(
            self._heartbeat, IntervalTrigger(seconds=settings.heartbeat), id="heartbeat", name="heartbeat"
        )
        signals = self._install_signals()
        await asyncio.to_thread(self._record_start)
        await asyncio.to_thread(settle_abandoned, self.store, self.clock.now())
        if self.config.executor.kind == "celery":
            from freshwatch.daemon.health import worker_health

            workers = await asyncio.to_thread(worker_health, self.store, self.config, self.clock.now())
            alive = [w.name for w in workers if w.alive]
            self.log.info(
                "crawls go to celery queue %s; %d workers alive",
                self.config.executor.queue,
                len(alive),
                extra={"queue": self.config.executor.queue, "workers_alive": alive},
            )
        await self._heartbeat()
        scheduler.start()
        for job in scheduler.get_jobs():
            self.log.info("job scheduled", extra={"job": job.id, "next_run": job.next_run_time})
        try:
            await self.stop.wait()
            scheduler.pause()
            while self._running:
                await asyncio.gather(*list(self._running), return_exceptions=True)
        finally:
            scheduler.shutdown(wait=False)
            for sig in signals:
                asyncio.get_running_loop().remove_signal_handler(sig)
            await asyncio.to_thread(self._release_heartbeat)
        self.log.info("daemon stopped")
        return 0

    async def _heartbeat(self) -> None:
        """Mark "still running" for ``health``: a lock row that expires unless refreshed."""
        ttl = timedelta(seconds=self.config.schedule.heartbeat_stale)

        def beat() -> bool:
            with self.store.session() as session:
                return storage.acquire_lock(
                    session, HEARTBEAT_LOCK, self.holder, now=self.clock.now(), ttl=ttl
                )

        try:
            if not await asyncio.to_thread(beat):
                self.log.warning("another daemon holds the heartbeat; is a second daemon running?")
        except Exception:
            self.log.exception("could not record the heartbeat")

    def _release_heartbeat(self) -> None:
        try:
            with self.store.session() as session:
                storage.release_lock(session, HEARTBEAT_LOCK, self.holder)
        except Exception:
            self.log.exception("could not clear the heartbeat")

    def _record_start(self) -> None:
        """Health counts a job that has not run yet from here, not as overdue since the epoch."""
        now = self.clock.now()
        with self.store.session() as session:
            storage.record_job(
                session, job=DAEMON_JOB, started_at=now, finished_at=now, ok=True, detail="started"
            )

    def _install_signals(self) -> list[signal.Signals]:
        loop = asyncio.get_running_loop()
        installed = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self.request_stop, sig.name)
                installed.append(sig)
            except (NotImplementedError, RuntimeError):  # not the main thread (tests) or no signals here
                pass
        return installed

    async def _guarded(self, name: str, work: JobWork) -> None:
        if self.stop.is_set():
            return
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await run_job(self.store, name, work, log=self.log, clock=self.clock)
        finally:
            if task is not None:
                self._running.discard(task)

    async def _crawl(self) -> tuple[bool, str]:
        summary = await run_crawl(
            self.config,
            self.store,
            stop=self.stop,
            clock=self.clock,
            processes=default_processes(self.config),
        )
        if summary.interrupted:
            return False, f"因停止运行而中断，已抓取 {summary.pages} 个页面"
        unfinished = (
            f"，{len(summary.incomplete_sites)} 个站点未完成（见日志）" if summary.incomplete_sites else ""
        )
        return True, f"完成：{summary.pages} 个页面，{summary.requests} 次请求{unfinished}"

    async def _probe(self) -> tuple[bool, str]:
        probes = await run_probe(self.config, self.store, clock=self.clock)
        failed = sum(1 for probe in probes if not probe.ok)
        return True, f"探测首页 {len(probes)} 个，失败 {failed} 个"

    async def _digest(self) -> tuple[bool, str]:
        # Failed sends do not fail the job: they are in the send ledger, retried next run and shown
        # by health; failing the job would widen tomorrow's window and repeat today's news to all.
        day = local_today(self.config, self.clock.now())
        outcome = await run_digest(
            self.config, self.store, day=day, rulebooks=self.rulebooks, now=self.clock.now()
        )
        return True, outcome.job_detail()


async def run_job(
    store: Store, name: str, work: JobWork, *, log: logging.Logger, clock: Clock | None = None
) -> tuple[bool, str]:
    """Run one job and record it; whatever it raises is logged and recorded, never raised.

    The CLI's ``freshwatch digest`` goes through here too, so a digest sent by hand counts as
    "the last digest" for the next one's window.
    """
    clock = clock or Clock.system()
    started = clock.now()
    log.info("job started", extra={"job": name})
    try:
        ok, detail = await work()
    except CrawlLockedError as error:
        ok, detail = False, f"已跳过：{error}"
        log.warning("job skipped: the crawl lock is held elsewhere", extra={"job": name})
    except Exception as error:
        ok, detail = False, f"出错（{type(error).__name__}）：{error}"
        log.exception("job failed", extra={"job": name})
    log.info("job finished", extra={"job": name, "ok": ok, "detail": detail})

    def record() -> None:
        with store.session() as session:
            storage.record_job(
                session, job=name, started_at=started, finished_at=clock.now(), ok=ok, detail=detail
            )

    try:
        await asyncio.to_thread(record)
    except Exception:
        log.exception("could not record the job run", extra={"job": name})
    return ok, detail


async def run_daemon(
    config: Config,
    store: Store,
    *,
    log: logging.Logger | None = None,
    clock: Clock | None = None,
    rulebooks: Sequence[Rulebook] | None = None,
) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code (0 after a clean stop)."""
    logger = log or logging.getLogger("freshwatch.daemon.scheduler")
    return await Daemon(config, store, log=logger, clock=clock, rulebooks=rulebooks).run()


__all__ = [
    "DAEMON_JOB",
    "HEARTBEAT_LOCK",
    "JOBS",
    "Daemon",
    "job_triggers",
    "longest_gap",
    "run_daemon",
    "run_job",
]
