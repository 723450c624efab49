"""E-mail over SMTP (plain, STARTTLS, SSL) with the standard library, off the event loop.

smtplib is blocking, so a send runs in a worker thread (``asyncio.to_thread``); one digest is a
few kilobytes and the office sends a few dozen a day, so a thread per send costs nothing and
saves a dependency.  ``EmailMessage`` with the default policy encodes Chinese subjects and
addresses as RFC 2047 words and the bodies as UTF-8.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from freshwatch.config.models import SmtpSettings
from freshwatch.notify.channels.result import SendResult
from freshwatch.safe_text import header_text


def build_message(settings: SmtpSettings, *, to: str, subject: str, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML as the richer part."""
    message = EmailMessage()
    # addresses through headerregistry (parsed and checked, never pasted), the subject made one
    # line: a unit name with CR/LF or \x0b in it must not break, or inject into, the headers
    message["From"] = Address(addr_spec=settings.sender)
    message["To"] = Address(addr_spec=to)
    message["Subject"] = header_text(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or "localhost")
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def _deliver(settings: SmtpSettings, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.security == "ssl":
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with client:
        if settings.security == "starttls":
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password or "")
        client.send_message(message)


async def send_email(settings: SmtpSettings, *, to: str, subject: str, text: str, html: str) -> SendResult:
    try:
        message = build_message(settings, to=to, subject=subject, text=text, html=html)
        await asyncio.to_thread(_deliver, settings, message)
    except (smtplib.SMTPException, OSError, ValueError) as error:  # ValueError: a header refused
        return SendResult.failed(error)
    return SendResult(True, f"sent to {to} via {settings.host}:{settings.port}")


__all__ = ["build_message", "send_email"]
