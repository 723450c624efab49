"""Attachments read for the content checks: downloaded once, and again only when they changed.

The shell hands over what it knows (URL -> ETag / Last-Modified from earlier crawls); a known
attachment is asked conditionally and a 304 costs no body.  Readable types (PDF, docx, xlsx) go
through the same scanner as pages; the rest are recorded as unreadable with the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

from freshwatch.crawler.fetch import Fetcher
from freshwatch.detectors.attachment_text import READABLE, attachment_text, attachment_type
from freshwatch.detectors.content_scan import ContentScanner
from freshwatch.detectors.content_types import ContentFinding

__all__ = ["AttachmentRead", "ContentPlan", "read_attachment", "wants_attachment"]


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class ContentPlan:
    """The content checks of one crawl: the scanner (built once) and the attachment policy."""

    scanner: ContentScanner
    attachments: bool = True
    max_bytes: int = 10_000_000
    known: Mapping[str, Validators] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AttachmentRead:
    url: str
    changed: bool  # False: 304, the earlier reading holds (its findings stay as they were)
    size: int = 0  # bytes downloaded
    etag: str | None = None
    last_modified: str | None = None
    findings: tuple[ContentFinding, ...] = ()
    unreadable: str | None = None  # why no text could be read (scanned PDF, .doc, too large ...)


def wants_attachment(plan: ContentPlan | None, url: str) -> bool:
    return plan is not None and plan.attachments and attachment_type(url) in READABLE


async def read_attachment(fetcher: Fetcher, plan: ContentPlan, url: str) -> AttachmentRead:
    known = plan.known.get(url)
    headers = {}
    if known is not None:
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
    download = await fetcher.download(url, headers=headers, cap=plan.max_bytes)
    if download.status == 304:
        return AttachmentRead(url, changed=False, etag=known.etag if known else None)
    if download.error is not None or download.status != 200:
        reason = download.error or f"HTTP {download.status}"
        return AttachmentRead(url, changed=True, unreadable=f"下载失败（{reason}）")
    # parsing a PDF is CPU work: off the event loop, so the crawl's fetches go on meanwhile
    text = await asyncio.to_thread(attachment_text, download.body, attachment_type(url))
    findings = plan.scanner.scan_text(text.text, url) if text.text else []
    return AttachmentRead(
        url,
        changed=True,
        size=len(download.body),
        etag=download.etag,
        last_modified=download.last_modified,
        findings=tuple(findings),
        unreadable=text.unreadable,
    )
