"""Content findings: upserted per crawl, resolved when their page is read again without them.

A finding is one row per (unit, kind, url, key); a later crawl that sees it again moves
``last_seen`` and refreshes what may change (context, days late).  Nothing here ever sees a full
personal number: the detectors hand over masked text and a salted hash.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from freshwatch.detectors.content_types import ContentFinding, FindingKind
from freshwatch.storage.models import AttachmentRow, FindingRow, SecretRow

__all__ = [
    "AttachmentState",
    "FindingRecord",
    "attachment_states",
    "content_salt",
    "open_findings",
    "record_attachment",
    "record_findings",
]

SALT_NAME = "content_hash_salt"
PAGE_KINDS = frozenset({FindingKind.privacy.value, FindingKind.typo.value})


@dataclass(frozen=True, slots=True)
class FindingRecord:
    id: int
    unit_id: str
    site_home: str
    kind: str
    subtype: str
    level: str
    url: str
    key: str
    context: str
    masked: str | None
    suggestion: str | None
    days_late: int | None
    detail: str
    due: date | None
    first_seen: datetime
    last_seen: datetime
    status: str


def content_salt(session: Session, *, now: datetime) -> bytes:
    """The database's own salt for personal-data hashes, made on first use and kept."""
    row = session.get(SecretRow, SALT_NAME)
    if row is None:
        row = SecretRow(name=SALT_NAME, value=secrets.token_hex(16), created_at=now)
        session.add(row)
        session.flush()
    return row.value.encode()


def record_findings(
    session: Session,
    unit_id: str,
    site_home: str,
    findings: Sequence[ContentFinding],
    *,
    read_urls: Collection[str],
    evaluated: Collection[str],
    at: datetime,
    unchanged: Collection[str] = (),
) -> None:
    """Upsert ``findings``; open findings of this site not seen again are resolved when their page
    was read (``read_urls``, privacy/typo) or their check ran (``evaluated`` kinds).  Findings of
    ``unchanged`` URLs (attachments that answered 304) are still there: their ``last_seen`` moves."""
    existing = {
        (row.kind, row.url, row.key): row
        for row in session.scalars(
            select(FindingRow).where(FindingRow.unit_id == unit_id, FindingRow.site_home == site_home)
        )
    }
    seen = set()
    for finding in findings:
        identity = (finding.kind.value, finding.url, finding.key)
        if identity in seen:
            continue
        seen.add(identity)
        row = existing.get(identity)
        if row is None:
            row = FindingRow(
                unit_id=unit_id,
                site_home=site_home,
                kind=finding.kind.value,
                url=finding.url,
                key=finding.key,
                first_seen=at,
            )
            session.add(row)
        row.subtype = finding.subtype
        row.level = finding.level.value
        row.context = finding.context
        row.masked = finding.masked
        row.suggestion = finding.suggestion
        row.days_late = finding.days_late
        row.detail = finding.detail
        row.due = finding.due
        row.last_seen = at
        row.status = "open"
    reads, kept = set(read_urls), set(unchanged)
    for identity, row in existing.items():
        if identity in seen or row.status != "open":
            continue
        if row.url in kept:
            row.last_seen = at
            continue
        page_read = row.kind in PAGE_KINDS and row.url in reads
        if page_read or (row.kind not in PAGE_KINDS and row.kind in evaluated):
            row.status = "resolved"
    session.flush()


def open_findings(
    session: Session, *, unit_id: str | None = None, kind: str | None = None, include_resolved: bool = False
) -> list[FindingRecord]:
    """Open findings (and resolved ones too with ``include_resolved``: a quarter's table counts
    what was open during it)."""
    query = select(FindingRow)
    if not include_resolved:
        query = query.where(FindingRow.status == "open")
    if unit_id is not None:
        query = query.where(FindingRow.unit_id == unit_id)
    if kind is not None:
        query = query.where(FindingRow.kind == kind)
    query = query.order_by(FindingRow.unit_id, FindingRow.kind, FindingRow.url, FindingRow.id)
    return [_record(row) for row in session.scalars(query)]


def _record(row: FindingRow) -> FindingRecord:
    return FindingRecord(
        row.id,
        row.unit_id,
        row.site_home,
        row.kind,
        row.subtype,
        row.level,
        row.url,
        row.key,
        row.context,
        row.masked,
        row.suggestion,
        row.days_late,
        row.detail,
        row.due,
        row.first_seen,
        row.last_seen,
        row.status,
    )


@dataclass(frozen=True, slots=True)
class AttachmentState:
    url: str
    etag: str | None
    last_modified: str | None
    size: int
    unreadable: str | None
    read_at: datetime


def attachment_states(session: Session) -> dict[str, AttachmentState]:
    """What earlier crawls read of each attachment (validators to ask again conditionally)."""
    return {
        row.url: AttachmentState(row.url, row.etag, row.last_modified, row.size, row.unreadable, row.read_at)
        for row in session.scalars(select(AttachmentRow))
    }


def record_attachment(
    session: Session,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    size: int,
    unreadable: str | None,
    at: datetime,
) -> None:
    row = session.get(AttachmentRow, url)
    if row is None:
        row = AttachmentRow(url=url)
        session.add(row)
    row.etag, row.last_modified, row.size, row.unreadable, row.read_at = (
        etag,
        last_modified,
        size,
        unreadable,
        at,
    )
    session.flush()
