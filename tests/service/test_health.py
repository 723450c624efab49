"""``freshwatch health``: when each job last ran and succeeded, overdue jobs (exit 1), failed sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freshwatch import storage
from freshwatch.config.models import Config
from freshwatch.daemon.health import health_report
from freshwatch.storage import Store
from tests.service.conftest import BOTH_STORES

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 17:00 in Shanghai
CONFIG = Config.model_validate({"units": [], "schedule": {"misfire_grace": 3600}})


def _job(store: Store, job: str, *, ago: timedelta, ok: bool = True, detail: str = "") -> None:
    with store.session() as session:
        at = NOW - ago
        storage.record_job(
            session, job=job, started_at=at, finished_at=at + timedelta(minutes=1), ok=ok, detail=detail
        )


@BOTH_STORES
def test_recent_jobs_are_healthy_and_exit_0(store: Store) -> None:
    _job(store, "crawl", ago=timedelta(hours=15))
    _job(store, "probe", ago=timedelta(minutes=20))
    _job(store, "digest", ago=timedelta(hours=9))
    report = health_report(store, CONFIG, now=NOW)
    assert report.exit_code == 0 and report.overdue == ()
    lines = report.lines()
    assert lines[0] == "定时任务状态（2026-11-26 17:00:00，Asia/Shanghai）"
    assert lines[1] == "守护进程：从未在此数据库上启动（各任务按上次成功时间判断）"
    assert "抓取（crawl，计划 0 2 * * *）：上次运行 2026-11-26 02:00:00，成功" in lines[2]
    assert lines[-1] == "结论：正常。"


def test_a_job_without_success_for_longer_than_its_interval_plus_grace_is_overdue(store: Store) -> None:
    _job(store, "crawl", ago=timedelta(hours=15))
    _job(store, "probe", ago=timedelta(minutes=20))
    _job(store, "digest", ago=timedelta(hours=24, minutes=30))  # yesterday, ok
    _job(store, "digest", ago=timedelta(hours=9), ok=False, detail="OperationalError: database is locked")
    report = health_report(store, CONFIG, now=NOW)
    assert report.exit_code == 0  # 24 h 29 min since the last success: inside 24 h + 1 h grace
    later = health_report(store, CONFIG, now=NOW + timedelta(hours=1))
    assert [job.job for job in later.overdue] == ["digest"] and later.exit_code == 1
    digest_line = next(line for line in later.lines() if line.startswith("每日简报"))
    assert "失败（OperationalError: database is locked）" in digest_line and digest_line.endswith("已超期")
    assert later.lines()[-1] == "结论：有任务超期未成功运行。"


def test_a_job_that_never_ran_is_overdue(store: Store) -> None:
    _job(store, "crawl", ago=timedelta(hours=1))
    _job(store, "digest", ago=timedelta(hours=1))
    report = health_report(store, CONFIG, now=NOW)
    assert [job.job for job in report.overdue] == ["probe"]
    assert "可用性探测（probe，计划 */30 * * * *）：从未运行；已超期" in report.lines()
    assert report.exit_code == 1


@BOTH_STORES
def test_failed_sends_are_listed_with_chat_tokens_hidden(store: Store) -> None:
    for job in ("crawl", "probe", "digest"):
        _job(store, job, ago=timedelta(minutes=5))
    with store.session() as session:
        for key, channel, recipient in [
            ("digest/2026-11-26/hbfj/email/web@hbfj.example", "email", "web@hbfj.example"),
            ("digest/2026-11-26/hbfj/chat/abc", "chat", "wecombot://SECRETKEY"),
        ]:
            storage.claim_send(session, key=key, unit_id="hbfj", channel=channel, recipient=recipient, at=NOW)
            storage.mark_send(session, key, ok=False, detail="ConnectionRefusedError: [Errno 111]", at=NOW)
    report = health_report(store, CONFIG, now=NOW)
    text = "\n".join(report.lines())
    assert "发送失败、等待下次重试或人工核实的消息（2 条）" in text
    assert "web@hbfj.example" in text and "ConnectionRefusedError" in text and "已尝试 1 次" in text
    assert "SECRETKEY" not in text and "wecombot://SECR…EY" in text


def test_failed_sends_make_health_exit_1(store: Store) -> None:
    for job in ("crawl", "probe", "digest"):
        _job(store, job, ago=timedelta(minutes=5))
    assert health_report(store, CONFIG, now=NOW).exit_code == 0
    key = "digest/2026-11-26/hbfj/email/web@hbfj.example"
    with store.session() as session:
        storage.claim_send(
            session, key=key, unit_id="hbfj", channel="email", recipient="web@x.example", at=NOW
        )
        storage.mark_send(session, key, ok=False, detail="SMTP 550", at=NOW)
    report = health_report(store, CONFIG, now=NOW)
    assert report.exit_code == 1
    assert report.lines()[-1] == "结论：有 1 条消息发送失败或未确认送达。"


def test_a_send_in_flight_is_counted_not_fatal(store: Store) -> None:
    for job in ("crawl", "probe", "digest"):
        _job(store, job, ago=timedelta(minutes=5))
    key = "digest/2026-11-26/hbfj/email/web@hbfj.example"
    with store.session() as session:
        storage.claim_send(
            session, key=key, unit_id="hbfj", channel="email", recipient="web@x.example", at=NOW
        )
    report = health_report(store, CONFIG, now=NOW + timedelta(minutes=1))
    assert report.sending == 1 and report.exit_code == 0
    assert "正在发送的消息：1 条。" in report.lines()


def test_health_json_is_plain_data(store: Store) -> None:
    import json

    _job(store, "crawl", ago=timedelta(hours=1))
    data = json.loads(json.dumps(health_report(store, CONFIG, now=NOW).as_json()))
    assert data["exit_code"] == 1
    crawl = next(job for job in data["jobs"] if job["job"] == "crawl")
    assert crawl["overdue"] is False and crawl["allowed_seconds"] == 86400 + 3600
    assert crawl["last_success"].startswith("2026-11-26T08:01")


def test_a_send_left_pending_by_a_dead_process_is_shown_not_resent(store: Store) -> None:
    with store.session() as session:
        key = "digest/2026-11-26/hbfj/email/web@hbfj.example"
        storage.claim_send(
            session, key=key, unit_id="hbfj", channel="email", recipient="web@hbfj.example", at=NOW
        )
    assert health_report(store, CONFIG, now=NOW + timedelta(minutes=5)).failed_sends == ()
    stuck = health_report(store, CONFIG, now=NOW + timedelta(hours=2)).failed_sends
    assert [s.key for s in stuck] == [key] and "未确认是否送达" in stuck[0].detail
    with store.session() as session:
        assert not storage.claim_send(
            session,
            key=key,
            unit_id="hbfj",
            channel="email",
            recipient="web@hbfj.example",
            at=NOW + timedelta(hours=2),
        )


def _heartbeat(store: Store, *, at: datetime, ttl: timedelta = timedelta(minutes=5)) -> None:
    from freshwatch.daemon.scheduler import HEARTBEAT_LOCK

    with store.session() as session:
        assert storage.acquire_lock(session, HEARTBEAT_LOCK, "host:1", now=at, ttl=ttl)


def test_a_stopped_daemon_makes_health_exit_1(store: Store) -> None:
    for job in ("daemon", "crawl", "probe", "digest"):
        _job(store, job, ago=timedelta(minutes=5))
    _heartbeat(store, at=NOW - timedelta(minutes=1))
    running = health_report(store, CONFIG, now=NOW)
    assert running.exit_code == 0 and running.daemon.running
    assert running.lines()[1].startswith("守护进程：运行中（host:1")
    stopped = health_report(store, CONFIG, now=NOW + timedelta(minutes=10))  # no heartbeat for 10 min
    assert stopped.exit_code == 1 and stopped.daemon.stopped
    assert stopped.lines()[-1] == "结论：守护进程未在运行。"


def test_a_fresh_daemon_is_healthy_until_a_job_misses_its_first_run(store: Store) -> None:
    _job(store, "daemon", ago=timedelta(hours=1))  # the daemon records its own start
    _heartbeat(store, at=NOW, ttl=timedelta(hours=3))
    report = health_report(store, CONFIG, now=NOW)
    assert report.exit_code == 0, report.lines()
    assert "可用性探测（probe，计划 */30 * * * *）：尚未到首次运行时间" in report.lines()
    later = health_report(store, CONFIG, now=NOW + timedelta(hours=2))  # 3 h: probe missed 30 min + 1 h grace
    assert [job.job for job in later.overdue] == ["probe"] and later.exit_code == 1


CELERY = Config.model_validate(
    {"units": [], "executor": {"kind": "celery", "broker": "amqp://127.0.0.1//", "heartbeat": 10}}
)


@BOTH_STORES
def test_health_shows_live_and_lost_workers_and_what_they_crawl(store: Store) -> None:
    with store.session() as session:
        storage.beat_worker(
            session,
            name="m1:11",
            node="freshwatch-1@m1",
            queue="fw",
            now=NOW - timedelta(seconds=5),
            state="crawling",
            run_id=7,
            site="http://a.gov.cn/",
        )
        storage.beat_worker(
            session,
            name="m2:22",
            node="freshwatch-2@m2",
            queue="fw",
            now=NOW - timedelta(minutes=5),
            state="idle",
        )
    report = health_report(store, CELERY, now=NOW)
    assert [(w.name, w.alive) for w in report.workers] == [("m1:11", True), ("m2:22", False)]
    assert report.as_json()["workers_alive"] == 1
    lines = report.lines()
    assert "抓取节点（celery）：存活 1 个" in lines
    assert any(
        line.startswith("  m1:11") and "正在抓取（第 7 次运行）：http://a.gov.cn/" in line for line in lines
    )
    assert any(line.startswith("  m2:22") and "失联" in line for line in lines)


def test_health_warns_when_no_celery_worker_is_alive(store: Store) -> None:
    report = health_report(store, CELERY, now=NOW)
    assert any("没有存活的抓取节点" in line for line in report.lines())
    assert "没有存活的抓取节点" in report.problems and report.exit_code == 1
    assert not any("抓取节点" in line for line in health_report(store, CONFIG, now=NOW).lines())
