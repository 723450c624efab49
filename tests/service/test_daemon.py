"""The daemon with a real AsyncIOScheduler against a local farm, a real SMTP server and webhook."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from freshwatch import storage
from freshwatch.app.clock import local_today
from freshwatch.app.crawl_job import CRAWL_LOCK
from freshwatch.config.models import Config
from freshwatch.daemon.scheduler import Daemon, run_job
from freshwatch.reports.layout import chinese_date
from freshwatch.storage import Store
from freshwatch.storage.models import CrawlRun, JobRun, ProbeRow
from tests.service.farm import Farm
from tests.service.sinks import SmtpSink, WebhookSink

pytestmark = pytest.mark.anyio
LOG = logging.getLogger("tests.daemon")


@pytest.fixture
def farm() -> Iterator[Farm]:
    running = Farm(local_today(None)).start()
    try:
        yield running
    finally:
        running.stop()


def farm_config(
    farm: Farm, smtp: SmtpSink, *, schedule: dict[str, str], webhook: str | None = None
) -> Config:
    return Config.model_validate(
        {
            "units": farm.units(email_a="web@hbfj.example", email_b="office@jyj.example", webhook=webhook),
            "crawl": {"timeout": 3, "connect_timeout": 2, "retries": 0, "check_external": False},
            "smtp": {
                "host": "127.0.0.1",
                "port": smtp.port,
                "sender": "freshwatch@office.example",
                "timeout": 5,
            },
            "digest": {"office": [{"email": "jgk@office.example"}]},
            "schedule": schedule,
        }
    )


def count(store: Store, query: Any) -> int:
    with store.session() as session:
        return int(session.scalar(query) or 0)


def job_runs(store: Store, job: str, *, ok: bool | None = None) -> int:
    query = select(func.count()).select_from(JobRun).where(JobRun.job == job)
    return count(store, query if ok is None else query.where(JobRun.ok == ok))


async def wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.1)


def plain(sink: SmtpSink, address: str) -> list[str]:
    texts = []
    for message in sink.to(address):
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        texts.append(str(body.get_content()))
    return texts


async def test_a_failing_job_is_logged_and_recorded_and_never_raised(store: Store, caplog: Any) -> None:
    async def broken() -> tuple[bool, str]:
        raise RuntimeError("site exploded")

    async def fine() -> tuple[bool, str]:
        return True, "探测首页 3 个，失败 0 个"

    assert await run_job(store, "probe", broken, log=LOG) == (False, "出错（RuntimeError）：site exploded")
    assert await run_job(store, "probe", fine, log=LOG) == (True, "探测首页 3 个，失败 0 个")
    with store.session() as session:
        record = storage.last_jobs(session)["probe"]
    assert record.ok and record.last_success is not None
    assert job_runs(store, "probe", ok=False) == 1
    assert any(r.levelname == "ERROR" and getattr(r, "job", None) == "probe" for r in caplog.records)


@pytest.mark.slow
async def test_the_scheduler_fires_crawl_probe_and_digest_and_sends_each_digest_once(
    store: Store, farm: Farm, smtp_sink: SmtpSink, webhook: WebhookSink
) -> None:
    schedule = {"crawl": "every 1s", "probe": "every 1s", "digest": "every 2s"}
    cfg = farm_config(farm, smtp_sink, schedule=schedule, webhook=webhook.url())
    daemon = Daemon(cfg, store, log=LOG)
    running = asyncio.create_task(daemon.run())
    try:
        await wait_until(
            lambda: len(smtp_sink.to("web@hbfj.example")) == 1 and job_runs(store, "digest") >= 3, 25
        )
    finally:
        daemon.request_stop()
        assert await asyncio.wait_for(running, 20) == 0
    today = local_today(cfg)
    [text] = plain(smtp_sink, "web@hbfj.example")
    stale_since = farm.news_a[0]
    assert (
        f"工作动态（动态要闻）：最近更新 {stale_since.isoformat()}，应于 {chinese_date(stale_since + timedelta(days=14))} 前更新"
        in text
    )
    assert (
        f"规划计划（规划计划）：最近更新 {farm.plan_a_latest.isoformat()}，请于 {chinese_date(today + timedelta(days=10))} 前更新（还剩 10 天）"
        in text
    )
    assert f"{farm.base}/a/files/plan-missing.pdf（附件，HTTP 404）" in text
    assert smtp_sink.to("office@jyj.example") == []  # fresh columns, site up: nothing to report
    assert len(smtp_sink.to("jgk@office.example")) == 1 and len(webhook.posts) == 1
    assert job_runs(store, "crawl", ok=True) >= 1 and job_runs(store, "probe", ok=True) >= 1
    assert count(store, select(func.count()).select_from(CrawlRun).where(CrawlRun.status == "complete")) >= 1
    assert count(store, select(func.count()).select_from(ProbeRow)) >= 2


@pytest.mark.slow
async def test_a_crawl_lock_held_elsewhere_skips_the_daemons_crawl_and_the_rest_goes_on(
    store: Store, farm: Farm, smtp_sink: SmtpSink
) -> None:
    cfg = farm_config(
        farm, smtp_sink, schedule={"crawl": "every 1s", "probe": "every 1s", "digest": "every 1h"}
    )
    with store.session() as session:  # a CLI crawl on another host holds the lock
        assert storage.acquire_lock(
            session, CRAWL_LOCK, "cli-host:4242", now=datetime.now(UTC), ttl=timedelta(hours=1)
        )
    daemon = Daemon(cfg, store, log=LOG)
    running = asyncio.create_task(daemon.run())
    try:
        await wait_until(lambda: job_runs(store, "crawl") >= 2 and job_runs(store, "probe", ok=True) >= 2, 15)
    finally:
        daemon.request_stop()
        assert await asyncio.wait_for(running, 20) == 0
    assert job_runs(store, "crawl", ok=True) == 0
    assert count(store, select(func.count()).select_from(CrawlRun)) == 0
    with store.session() as session:
        assert "已跳过" in storage.last_jobs(session)["crawl"].detail
