"""A unit name with line breaks or controls never breaks the digest (issue 12)."""

from __future__ import annotations

from datetime import UTC

import pytest

from freshwatch.config.loader import load_rulebooks
from freshwatch.config.models import Config
from freshwatch.notify.digest import run_digest
from freshwatch.storage import Store
from tests.service import scenario
from tests.service.conftest import BOTH_STORES
from tests.service.sinks import SmtpSink, WebhookSink

pytestmark = pytest.mark.anyio
DAY = scenario.DAY
NAME = "区环保\r\nBcc: evil@x.example\r\n分局\x0b" + "长" * 10_000


def _config(smtp_port: int, webhook_url: str) -> Config:
    cfg = scenario.config(smtp_port=smtp_port, webhook_url=webhook_url)
    units = [u.model_copy(update={"name": NAME}) if u.id == "hbfj" else u for u in cfg.units]
    return cfg.model_copy(update={"units": units})


@BOTH_STORES
async def test_a_unit_name_with_line_breaks_gets_a_one_line_subject_and_the_others_their_digests(
    store: Store, smtp_sink: SmtpSink, webhook: WebhookSink
) -> None:
    cfg = _config(smtp_sink.port, webhook.url())
    scenario.crawl_into(store, cfg, at=scenario.local(DAY, 2))
    scenario.probes_into(store, cfg, day=DAY)
    outcome = await run_digest(
        cfg, store, rulebooks=load_rulebooks(cfg), day=DAY, now=scenario.local(DAY, 8).astimezone(UTC)
    )
    assert (outcome.count("sent"), outcome.count("failed")) == (4, 0), outcome
    [hbfj] = smtp_sink.to("web@hbfj.example")
    subject = str(hbfj["Subject"])
    assert "\n" not in subject and "\r" not in subject and "\x0b" not in subject and len(subject) <= 200
    assert hbfj["Bcc"] is None
    assert smtp_sink.to("office@jyj.example") and smtp_sink.to("jgk@office.example")
