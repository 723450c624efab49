"""Where digests go: e-mail over SMTP and chat through apprise.  Every send ends as a SendResult."""

from __future__ import annotations

from freshwatch.notify.channels.chat import send_chat
from freshwatch.notify.channels.result import SendResult
from freshwatch.notify.channels.smtp import build_message, send_email

__all__ = ["SendResult", "build_message", "send_chat", "send_email"]
