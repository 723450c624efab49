"""``freshwatch daemon``: crawl, probe and digest on a schedule, unattended, and ``freshwatch health``.

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
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from freshwatch import storage
from freshwatch.app.clock import Clock, local_time, local_today
from freshwatch.app.crawl_job import default_processes, run_crawl, run_probe, settle_abandoned
from freshwatch.app.errors import CrawlLockedError
from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config, Rulebook, ScheduleSettings
from freshwatch.config.schedule import parse_schedule
from freshwatch.notify.digest.gather import detail_summary
from freshwatch.notify.digest.send import run_digest
from freshwatch.reports.wording import job_label
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
            workers = await asyncio.to_thread(_workers, self.store, self.config, self.clock.now())
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


# --- health ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobHealth:
    job: str
    schedule: str
    last_started: datetime | None
    last_finished: datetime | None
    last_ok: bool | None
    detail: str
    last_success: datetime | None
    allowed_seconds: int  # the longest gap between runs plus the misfire grace
    overdue: bool


@dataclass(frozen=True, slots=True)
class FailedSend:
    key: str
    channel: str
    recipient: str
    detail: str
    attempts: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class WorkerHealth:
    """A crawl worker process by its heartbeat: alive when heard from within three heartbeats."""

    name: str
    node: str
    queue: str
    alive: bool
    state: str  # idle | crawling | stopped
    run_id: int | None
    site: str
    sites_done: int
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class DaemonHealth:
    """Whether a daemon is running now, read from its heartbeat lock."""

    started: datetime | None  # the last recorded start; None when no daemon ever ran here
    holder: str | None  # host:pid of the running daemon, None when none is running
    heartbeat_until: datetime | None  # the running daemon counts as alive until then

    @property
    def running(self) -> bool:
        return self.holder is not None

    @property
    def stopped(self) -> bool:
        """A daemon ran here, and none is running now."""
        return self.started is not None and not self.running


@dataclass(frozen=True, slots=True)
class HealthReport:
    now: datetime
    timezone: str
    jobs: tuple[JobHealth, ...]
    failed_sends: tuple[FailedSend, ...]
    executor: str = "local"
    workers: tuple[WorkerHealth, ...] = ()
    daemon: DaemonHealth = DaemonHealth(None, None, None)
    sending: int = 0  # claims pending for less than the grace time: a send in flight

    @property
    def overdue(self) -> tuple[JobHealth, ...]:
        return tuple(job for job in self.jobs if job.overdue)

    @property
    def problems(self) -> tuple[str, ...]:
        """Each reason health is not 正常; any of them makes the exit code 1."""
        found = []
        if self.overdue:
            found.append("有任务超期未成功运行")
        if self.failed_sends:
            found.append(f"有 {len(self.failed_sends)} 条消息发送失败或未确认送达")
        if self.daemon.stopped:
            found.append("守护进程未在运行")
        if self.executor == "celery" and not any(worker.alive for worker in self.workers):
            found.append("没有存活的抓取节点")
        return tuple(found)

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def as_json(self) -> dict[str, Any]:
        """For ``health --json``: every field plus the verdict, datetimes as ISO text."""
        return {
            "now": self.now.isoformat(),
            "timezone": self.timezone,
            "exit_code": self.exit_code,
            "problems": list(self.problems),
            "daemon": _iso(asdict(self.daemon)) | {"running": self.daemon.running},
            "jobs": [_iso(asdict(job)) for job in self.jobs],
            "failed_sends": [_iso(asdict(send)) for send in self.failed_sends],
            "executor": self.executor,
            "workers": [_iso(asdict(worker)) for worker in self.workers],
            "workers_alive": sum(1 for worker in self.workers if worker.alive),
            "sending": self.sending,
        }

    def lines(self) -> list[str]:
        zone = ZoneInfo(self.timezone)
        out = [f"定时任务状态（{local_time(self.now, zone)}，{self.timezone}）"]
        out.append(_daemon_line(self.daemon, zone))
        out += [_job_line(job, zone) for job in self.jobs]
        if self.failed_sends:
            out.append(f"发送失败、等待下次重试或人工核实的消息（{len(self.failed_sends)} 条）：")
            out += [
                f"  {send.key}（{send.channel}，{send.recipient}）：已尝试 {send.attempts} 次，"
                f"最近 {local_time(send.updated_at, zone)}，{send.detail}"
                for send in self.failed_sends
            ]
        else:
            out.append("没有发送失败的消息。")
        out += self._worker_lines(zone)
        if self.sending:
            out.append(f"正在发送的消息：{self.sending} 条。")
        out.append("结论：" + ("；".join(self.problems) if self.problems else "正常") + "。")
        return out

    def _worker_lines(self, zone: ZoneInfo) -> list[str]:
        if self.executor != "celery" and not self.workers:
            return []
        alive = [w for w in self.workers if w.alive]
        out = [f"抓取节点（{self.executor}）：存活 {len(alive)} 个"]
        if self.executor == "celery" and not alive:
            out.append("  没有存活的抓取节点：夜间抓取将无人执行，请在各抓取机器上运行 freshwatch worker")
        for w in self.workers:
            doing = f"正在抓取（第 {w.run_id} 次运行）：{w.site}" if w.state == "crawling" else "空闲"
            if not w.alive:
                doing = "已停止" if w.state == "stopped" else "失联"
            out.append(
                f"  {w.name}（{w.node}，队列 {w.queue}）：{doing}；已完成 {w.sites_done} 个站点；"
                f"最近心跳 {local_time(w.seen_at, zone)}"
            )
        return out


def _daemon_line(daemon: DaemonHealth, zone: ZoneInfo) -> str:
    if daemon.running and daemon.heartbeat_until is not None:
        return f"守护进程：运行中（{daemon.holder}，心跳有效至 {local_time(daemon.heartbeat_until, zone)}）"
    if daemon.started is not None:
        return (
            f"守护进程：未在运行（最近一次启动于 {local_time(daemon.started, zone)}，此后已停止或失去心跳）"
        )
    return "守护进程：从未在此数据库上启动（各任务按上次成功时间判断）"


def _iso(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, datetime) else value for key, value in fields.items()}


def _job_line(job: JobHealth, zone: ZoneInfo) -> str:
    head = f"{job_label(job.job)}（{job.job}，计划 {job.schedule}）："
    if job.last_started is None:
        return head + ("从未运行；已超期" if job.overdue else "尚未到首次运行时间")
    result = "成功" if job.last_ok else f"失败（{detail_summary(job.detail)}）"
    status = "已超期" if job.overdue else "正常"
    return (
        f"{head}上次运行 {local_time(job.last_started, zone)}，{result}；"
        f"上次成功 {local_time(job.last_success, zone)}；{status}"
    )


def health_report(store: Store, config: Config, *, now: datetime) -> HealthReport:
    """When each job last ran and succeeded; a job is overdue when its last success is older than
    the longest gap of its schedule plus the misfire grace, or when it never succeeded."""
    settings = config.schedule
    grace = timedelta(seconds=settings.misfire_grace)
    with store.session() as session:
        records = storage.last_jobs(session)
        unsent = storage.failed_sends(session, pending_before=now + timedelta(seconds=1))
        heartbeat = storage.current_lock(session, HEARTBEAT_LOCK, now=now)
    # a claim pending for less than the grace time is a send in flight; one pending longer means the
    # process died mid-send: never resent automatically (a duplicate is worse than a late digest)
    in_flight = [s for s in unsent if s.status is storage.SendStatus.pending and s.updated_at >= now - grace]
    failed = [
        FailedSend(
            s.key, s.channel, _shown(s.channel, s.recipient), s.detail or _STUCK, s.attempts, s.updated_at
        )
        for s in unsent
        if s not in in_flight
    ]
    daemon = records.get(DAEMON_JOB)
    daemon_started = daemon.last_success if daemon else None
    daemon_health = DaemonHealth(
        started=daemon.started_at if daemon else None,
        holder=heartbeat.holder if heartbeat else None,
        heartbeat_until=heartbeat.expires_at if heartbeat else None,
    )
    jobs = []
    for name, trigger in job_triggers(settings, source=config.source).items():
        record = records.get(name)
        success = record.last_success if record else None
        # A job that never succeeded is judged from the daemon's start (a fresh install is not
        # overdue); with no daemon ever started, it is overdue at once.
        since = success or daemon_started
        allowed = longest_gap(trigger, since or now) + grace
        jobs.append(
            JobHealth(
                job=name,
                schedule=getattr(settings, name),
                last_started=record.started_at if record else None,
                last_finished=record.finished_at if record else None,
                last_ok=record.ok if record else None,
                detail=record.detail if record else "",
                last_success=success,
                allowed_seconds=int(allowed.total_seconds()),
                overdue=since is None or now - since > allowed,
            )
        )
    return HealthReport(
        now=now,
        timezone=settings.timezone,
        jobs=tuple(jobs),
        failed_sends=tuple(failed),
        executor=config.executor.kind,
        workers=_workers(store, config, now),
        daemon=daemon_health,
        sending=len(in_flight),
    )


_WORKERS_SHOWN = timedelta(days=1)  # a worker unheard of for a day is history, not news


def _workers(store: Store, config: Config, now: datetime) -> tuple[WorkerHealth, ...]:
    alive_after = now - timedelta(seconds=3 * config.executor.heartbeat)
    with store.session() as session:
        seen = storage.workers_seen(session, since=now - _WORKERS_SHOWN)
    return tuple(
        WorkerHealth(
            name=w.name,
            node=w.node,
            queue=w.queue,
            alive=w.seen_at >= alive_after and w.state != "stopped",
            state=w.state,
            run_id=w.run_id,
            site=w.site,
            sites_done=w.sites_done,
            seen_at=w.seen_at,
        )
        for w in seen
    )


_STUCK = "发送中断，未确认是否送达（不会自动重发，请人工核实）"


def _shown(channel: str, recipient: str) -> str:
    """E-mail addresses as they are; chat URLs masked (their path is a secret token)."""
    from freshwatch.notify.channels.chat import masked_url

    return recipient if channel == "email" else masked_url(recipient)


__all__ = [
    "Daemon",
    "DaemonHealth",
    "HealthReport",
    "JobHealth",
    "WorkerHealth",
    "health_report",
    "job_triggers",
    "longest_gap",
    "run_daemon",
    "run_job",
]
