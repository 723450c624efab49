"""E-mail to a real aiosmtpd server, chat to a real webhook via apprise; failures come back as values."""

from __future__ import annotations

import pytest

from freshwatch.config.models import SmtpSettings
from freshwatch.notify.channels import send_chat, send_email
from tests.service.sinks import SmtpSink, WebhookSink, free_port

pytestmark = pytest.mark.anyio


async def test_email_is_multipart_utf8_with_a_chinese_subject(smtp_sink: SmtpSink) -> None:
    settings = SmtpSettings(port=smtp_sink.port, sender="freshwatch@office.example", timeout=5)
    result = await send_email(
        settings,
        to="web@hbfj.example",
        subject="【网站监测日报】区环保分局",
        text="工作动态已超期",
        html="<p>工作动态已超期</p>",
    )
    assert result.ok, result.detail
    [message] = smtp_sink.to("web@hbfj.example")
    assert message["Subject"] == "【网站监测日报】区环保分局"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content().strip() == "工作动态已超期"
    assert "<p>工作动态已超期</p>" in html.get_content()


async def test_email_to_a_server_that_is_down_is_a_failed_result() -> None:
    settings = SmtpSettings(port=free_port(), timeout=2)
    result = await send_email(
        settings, to="web@hbfj.example", subject="主题", text="正文", html="<p>正文</p>"
    )
    assert not result.ok
    assert "Connection" in result.detail or "refused" in result.detail.lower()


async def test_json_webhook_receives_title_and_body(webhook: WebhookSink) -> None:
    result = await send_chat(
        webhook.url("/fw/hook"), "【网站监测日报】区环保分局", "一、新产生的预警\n1. 工作动态"
    )
    assert result.ok, result.detail
    [(path, body)] = webhook.posts
    assert path == "/fw/hook"
    assert body["title"] == "【网站监测日报】区环保分局"
    assert body["message"] == "一、新产生的预警\n1. 工作动态"


async def test_chat_to_a_dead_endpoint_and_a_bad_url_are_failed_results() -> None:
    dead = await send_chat(f"json://127.0.0.1:{free_port()}/hook", "标题", "正文")
    assert not dead.ok
    bad = await send_chat("nosuchscheme://token", "标题", "正文")
    assert not bad.ok and "nosuchscheme://***" in bad.detail


@pytest.mark.parametrize(
    "url",
    ["wecombot://0123456789abcdef", "dingtalk://abcdef0123456789", "lark://token0123/", "feishu://token0123"],
)
def test_the_chat_services_units_use_are_understood_by_apprise(url: str) -> None:
    import apprise

    assert apprise.Apprise().add(url)
