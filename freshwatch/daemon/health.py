"""``freshwatch health``: whether the unattended service is doing its job, read from the database.

What it checks, in the README's words: the daemon is running (its heartbeat is fresh), every job ran within its
schedule's longest gap plus the misfire grace, no digest send failed or is stuck, and the crawl workers are alive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freshwatch import storage
from freshwatch.app.clock import local_time
from freshwatch.config.models import Config
from freshwatch.daemon.scheduler import DAEMON_JOB, HEARTBEAT_LOCK, job_triggers, longest_gap
from freshwatch.notify.digest.gather import detail_summary
from freshwatch.reports.wording import job_label
from freshwatch.storage import Store


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
        workers=worker_health(store, config, now),
        daemon=daemon_health,
        sending=len(in_flight),
    )


_WORKERS_SHOWN = timedelta(days=1)  # a worker unheard of for a day is history, not news


def worker_health(store: Store, config: Config, now: datetime) -> tuple[WorkerHealth, ...]:
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
    "DaemonHealth",
    "FailedSend",
    "HealthReport",
    "JobHealth",
    "WorkerHealth",
    "health_report",
    "worker_health",
]
