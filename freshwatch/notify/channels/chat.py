"""Chat notifications (企业微信 wecombot://, 钉钉 dingtalk://, 飞书 lark:// or feishu://, json://) via apprise.

apprise knows each service's payload and signing rules; freshwatch only hands it a URL from a
unit's contacts.  apprise is synchronous and reports failures through its log, so a send runs in
a thread and the captured log becomes the failure detail.
"""

from __future__ import annotations

import asyncio
import logging

import apprise

from freshwatch.notify.channels.result import SendResult
from freshwatch.safe_text import header_text


def _notify(url: str, title: str, body: str) -> SendResult:
    notifier = apprise.Apprise()
    if not notifier.add(url):
        return SendResult.failed(f"not a notify URL apprise understands: {_redact(url)}")
    with apprise.LogCapture(level=logging.WARNING) as captured:
        delivered = notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        log_text = captured.getvalue().strip()
    if not delivered:
        return SendResult.failed(log_text.splitlines()[-1] if log_text else "apprise reported a failure")
    return SendResult(True, f"sent via {_redact(url)}")


def _redact(url: str) -> str:
    """The scheme and host only: chat URLs carry their tokens in the path."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].rpartition("@")[2]
    return f"{scheme}://{host}" if "." in host or ":" in host else f"{scheme}://***"


def masked_url(url: str) -> str:
    """A chat URL a person can recognise without its secret: wecombot://abcd…yz, json://host/…"""
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    host = host.rpartition("@")[2]
    if "." in host or ":" in host:
        return f"{scheme}://{host}/…" if path else f"{scheme}://{host}"
    shown = f"{host[:4]}…{host[-2:]}" if len(host) > 8 else "…"
    return f"{scheme}://{shown}"


async def send_chat(url: str, title: str, body: str) -> SendResult:
    try:
        return await asyncio.to_thread(_notify, url, header_text(title), body)
    except Exception as error:  # apprise plugins raise their own errors; a send failure is a value
        return SendResult.failed(error)


__all__ = ["masked_url", "send_chat"]
