"""Digests sent from real storage to a real SMTP server and webhook: once per day, retried when they fail."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from email.message import EmailMessage

import pytest

from freshwatch import storage
from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config
from freshwatch.notify.digest import run_digest
from freshwatch.notify.digest.gather import LastDigest, window_start
from freshwatch.storage import Store
from tests.service import scenario
from tests.service.conftest import BOTH_STORES
from tests.service.sinks import SmtpSink, WebhookSink

pytestmark = pytest.mark.anyio
DAY = scenario.DAY


def _seed(store: Store, cfg: Config) -> None:
    scenario.crawl_into(store, cfg, at=scenario.local(DAY, 2))
    scenario.probes_into(store, cfg, day=DAY)


def _plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


@BOTH_STORES
async def test_each_unit_gets_its_digest_by_email_and_webhook(
    store: Store, smtp_sink: SmtpSink, webhook: WebhookSink
) -> None:
    cfg = scenario.config(smtp_port=smtp_sink.port, webhook_url=webhook.url())
    _seed(store, cfg)
    outcome = await run_digest(
        cfg, store, rulebooks=load_rulebooks(cfg), day=DAY, now=scenario.local(DAY, 8).astimezone(UTC)
    )
    assert (outcome.count("sent"), outcome.count("failed")) == (4, 0), outcome
    [hbfj] = smtp_sink.to("web@hbfj.example")
    assert hbfj["Subject"] == "【网站监测日报】区环保分局网站监测日报（2026年11月26日）"
    text = _plain(hbfj)
    assert (
        "工作动态（动态要闻）：最近更新 2026-11-10，应于 2026年11月24日 前更新，2026年11月25日 起超期" in text
    )
    assert "通知公告（通知公告）：最近更新 2026-05-30，请于 2026年11月30日 前更新（还剩 4 天）" in text
    assert f"{scenario.BROKEN}（附件，HTTP 404）" in text and f"所在页面：{scenario.BASE}/hbfj/ghjh/" in text
    assert "区教育局" not in text
    [jyj] = smtp_sink.to("office@jyj.example")
    assert "监测 8 次，失败 1 次，最近一次失败 2026-11-26 03:00（访问超时）" in _plain(jyj)
    assert smtp_sink.to("tjj@tjj.example") == []  # nothing to report, nothing sent
    [office] = smtp_sink.to("jgk@office.example")
    assert office["Subject"] == "【网站监测日报】各单位网站监测汇总（2026年11月26日）"
    office_text = _plain(office)
    assert "区环保分局：新预警 1 条，临期提醒 1 个，新失效链接 1 个" in office_text
    assert "区统计局：新预警 0 条" in office_text and "季度得分" in office_text
    [(path, posted)] = webhook.posts
    assert path == "/hook" and posted["title"] == hbfj["Subject"] and "工作动态" in posted["message"]


@BOTH_STORES
async def test_a_second_run_the_same_day_sends_nothing_twice(
    store: Store, smtp_sink: SmtpSink, webhook: WebhookSink
) -> None:
    cfg = scenario.config(smtp_port=smtp_sink.port, webhook_url=webhook.url())
    _seed(store, cfg)
    first = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    second = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    assert first.count("sent") == 4
    assert (second.count("sent"), second.count("skipped")) == (0, 4)
    assert len(smtp_sink.messages) == 3 and len(webhook.posts) == 1


@BOTH_STORES
async def test_a_failed_send_is_recorded_and_retried_when_the_server_is_back(
    store: Store, webhook: WebhookSink
) -> None:
    down = SmtpSink()  # its port is chosen but nothing listens yet
    cfg = scenario.config(smtp_port=down.port, webhook_url=webhook.url())
    _seed(store, cfg)
    first = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    assert (first.count("sent"), first.count("failed")) == (1, 3)  # the webhook got through
    with store.session() as session:
        failed = storage.failed_sends(session)
    assert sorted(f.recipient for f in failed) == [
        "jgk@office.example",
        "office@jyj.example",
        "web@hbfj.example",
    ]
    assert all(f.attempts == 1 and f.detail for f in failed)
    down.start()
    try:
        second = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    finally:
        down.stop()
    assert (second.count("sent"), second.count("skipped"), second.count("failed")) == (3, 1, 0)
    assert sorted(r for rcpts, _ in down.messages for r in rcpts) == [
        "jgk@office.example",
        "office@jyj.example",
        "web@hbfj.example",
    ]
    assert len(webhook.posts) == 1
    with store.session() as session:
        assert storage.failed_sends(session) == []


async def test_yesterdays_failed_send_goes_out_with_todays_run(store: Store) -> None:
    sink = SmtpSink()
    cfg = scenario.config(smtp_port=sink.port)
    _seed(store, cfg)
    first = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    assert first.count("failed") == 3
    with store.session() as session:  # the daemon records the digest job as having run
        at = scenario.local(DAY, 8)
        storage.record_job(session, job="digest", started_at=at, finished_at=at, ok=True, detail="")
    sink.start()
    try:
        await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY + timedelta(days=1))
    finally:
        sink.stop()
    subjects = sorted(str(m["Subject"]) for m in sink.to("web@hbfj.example"))
    assert subjects[0] == "【网站监测日报】区环保分局网站监测日报（2026年11月26日）"
    assert "（2026年11月27日）" in subjects[-1]  # 通知公告 is still due soon: today's reminder
    assert len(sink.to("office@jyj.example")) == 1  # yesterday's outage only; nothing new today


async def test_dry_run_claims_and_sends_nothing(store: Store, smtp_sink: SmtpSink) -> None:
    cfg = scenario.config(smtp_port=smtp_sink.port)
    _seed(store, cfg)
    planned = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY, dry_run=True)
    assert planned.count("planned") == 3 and smtp_sink.messages == []
    preview = next(text for text in planned.previews() if "区环保分局网站监测日报" in text)
    assert "收件人：web@hbfj.example" in preview and "请于 2026年11月30日 前更新" in preview
    real = await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    assert real.count("sent") == 3


def test_the_window_opens_after_the_last_successful_digest() -> None:
    assert window_start(DAY, None) == date(2026, 11, 25)
    assert window_start(DAY, LastDigest(date(2026, 11, 22), None)) == date(2026, 11, 23)
    assert window_start(DAY, LastDigest(DAY, date(2026, 11, 24))) == date(2026, 11, 24)  # same-day re-run
    assert window_start(DAY, LastDigest(DAY, None)) == DAY
    assert window_start(DAY, LastDigest(DAY + timedelta(days=1), None)) == DAY  # retrying an earlier day


async def test_a_link_already_broken_before_the_window_stays_listed_but_not_as_new(
    store: Store, smtp_sink: SmtpSink
) -> None:
    """The digest is a to-do list: a link still failing is listed every day, 【新】 only the first time."""
    cfg = scenario.config(smtp_port=smtp_sink.port)
    scenario.crawl_into(store, cfg, at=scenario.local(DAY - timedelta(days=5), 2))  # broken since 11-21
    _seed(store, cfg)
    await run_digest(cfg, store, rulebooks=load_rulebooks(cfg), day=DAY)
    [message] = smtp_sink.to("web@hbfj.example")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = str(body.get_content())
    assert "工作动态" in text and f"1. {scenario.BROKEN}" in text and f"【新】{scenario.BROKEN}" not in text


def test_a_same_day_rerun_reads_the_window_the_job_recorded_as_data(store: Store) -> None:
    from freshwatch.app.clock import zone
    from freshwatch.notify.digest.gather import detail_summary, job_detail, last_digest

    detail = job_detail(date(2026, 11, 24), DAY, "2026年11月24日至2026年11月26日：简报 3 份")
    at = scenario.local(DAY, 8)
    with store.session() as session:
        storage.record_job(session, job="digest", started_at=at, finished_at=at, ok=True, detail=detail)
    tz = zone(scenario.config())
    assert last_digest(store, tz) == LastDigest(DAY, date(2026, 11, 24))
    assert detail_summary(detail) == "2026年11月24日至2026年11月26日：简报 3 份"
    later = at + timedelta(minutes=5)
    with store.session() as session:  # a detail without a window (say, an older release's) is no window
        storage.record_job(session, job="digest", started_at=later, finished_at=later, ok=True, detail="完成")
    assert last_digest(store, tz) == LastDigest(DAY, None)
    assert detail_summary("完成") == "完成"


def test_the_digest_is_judged_by_the_callers_rulebooks(store: Store) -> None:
    from freshwatch.notify.digest.gather import gather_inputs

    cfg = scenario.config()
    _seed(store, cfg)
    (configured,) = load_rulebooks(cfg)
    recorded = configured.model_copy(update={"base_score": 90.0})  # e.g. the registry in the database
    inputs = gather_inputs(cfg, store, day=DAY, rulebooks=[recorded])
    default = gather_inputs(cfg, store, day=DAY, rulebooks=[configured])
    assert [r.score + 10 for r in inputs.quarter_scores.rows] == [
        r.score for r in default.quarter_scores.rows
    ]
