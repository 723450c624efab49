"""The tables.  History is append-only: runs, observations, link checks, probes and manual entries are
never deleted or rewritten, so a quarter can be recomputed (and explained) from the database alone.

Every timestamp is stored in UTC and read back timezone-aware, on PostgreSQL and SQLite alike, so no
caller ever compares a naive datetime with an aware one.  Enum-like columns are plain strings checked
by Python enums on the way in: adding an error class must not need a migration.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out.

    SQLite has no time zones, so the value is stored as naive UTC there; naive input is refused
    because guessing its zone is how a crawl at 02:00 Beijing time lands on the wrong day.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: storage needs timezone-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), date: Date(), str: String()}


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), index=True)
    units: Mapped[list[str]] = mapped_column(JSON)
    holder: Mapped[str]  # host:pid of the process running it; a live run's holder holds a lock
    pages: Mapped[int] = mapped_column(default=0)
    requests: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class Observation(Base):
    """One column list read in one run: the source of verdicts, blank days and 'last crawled'."""

    __tablename__ = "column_observations"
    # verdict: blank days are read back on every score (a year of daily crawls is millions of rows)
    __table_args__ = (Index(None, "unit_id", "column_url", "observed_at"), Index(None, "verdict"))

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    unit_id: Mapped[str]
    site_home: Mapped[str]
    column_name: Mapped[str]
    column_url: Mapped[str]
    category: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(String(40))
    http_status: Mapped[int | None]
    latest: Mapped[date | None]
    item_count: Mapped[int] = mapped_column(default=0)
    pages_read: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(Text, default="")  # why the list reader chose/refused the list
    detail: Mapped[str] = mapped_column(Text, default="")  # the fetch error's detail
    observed_at: Mapped[datetime]
    # the day from which the column's history is complete after this read (None: not established)
    history_from: Mapped[date | None]
    walk_end: Mapped[str | None] = mapped_column(String(20))  # why the walk back stopped (cap: shown)
    requests: Mapped[int] = mapped_column(default=0)  # fetches this column's read cost


class Item(Base):
    """The timeline: one row per item ever listed in a column.  Rows outlive the item's listing."""

    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("unit_id", "column_url", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str]
    column_url: Mapped[str]
    url: Mapped[str]
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None]
    date_source: Mapped[str | None] = mapped_column(String(20))
    date_text: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class ItemDateChange(Base):
    __tablename__ = "item_date_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    old_published: Mapped[date | None]
    new_published: Mapped[date | None]
    changed_at: Mapped[datetime]


class SiteErrorRow(Base):
    """What went wrong in one site's crawl of one run: a bug that broke it off, or a limit it hit.

    Observations can't carry it: a site whose crawl broke off may have no observation at all.
    """

    __tablename__ = "site_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    unit_id: Mapped[str]
    site_home: Mapped[str]
    complete: Mapped[bool] = mapped_column(Boolean)  # whether the site's crawl still ran to the end
    message: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime]


class SiteResultRow(Base):
    """One site's outcome in one run, written in the same transaction as the site's data.

    The unique (run, unit, site) key makes a site's writes happen once: a redelivered task, or a
    second writer, finds the row done and writes nothing.  A distributed run inserts every site as
    ``pending`` when it is dispatched, so the run knows which sites it still waits for.
    """

    __tablename__ = "site_results"
    __table_args__ = (UniqueConstraint("run_id", "unit_id", "site_home"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    unit_id: Mapped[str]
    site_home: Mapped[str]
    task: Mapped[int] = mapped_column(default=0)  # the site group (one task) it was dispatched with
    state: Mapped[str] = mapped_column(String(20))  # pending | done
    complete: Mapped[bool | None] = mapped_column(Boolean)
    pages: Mapped[int] = mapped_column(default=0)
    requests: Mapped[int] = mapped_column(default=0)
    links: Mapped[int] = mapped_column(default=0)
    broken: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str] = mapped_column(default="")
    recorded_at: Mapped[datetime | None]


class WorkerRow(Base):
    """A crawl worker process's heartbeat: alive while ``seen_at`` is recent, and what it is doing."""

    __tablename__ = "workers"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)  # host:pid
    node: Mapped[str]  # the Celery node name it serves under
    queue: Mapped[str]
    started_at: Mapped[datetime]
    seen_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(20))  # idle | crawling | stopped
    run_id: Mapped[int | None]
    site: Mapped[str] = mapped_column(default="")
    sites_done: Mapped[int] = mapped_column(default=0)


class LinkCheckRow(Base):
    __tablename__ = "link_checks"
    __table_args__ = (Index(None, "unit_id", "url", "checked_at"), Index(None, "checked_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    unit_id: Mapped[str]
    url: Mapped[str]
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime]


class ReferrerRow(Base):
    __tablename__ = "link_referrers"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("link_checks.id", ondelete="CASCADE"), index=True)
    page: Mapped[str]
    text: Mapped[str] = mapped_column(Text, default="")
    tag: Mapped[str] = mapped_column(String(20), default="a")


class ManualRow(Base):
    """A manual deduction.  Withdrawn, never deleted: the table of a past quarter must stay explainable."""

    __tablename__ = "manual_deductions"
    __table_args__ = (Index(None, "unit_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str]
    day: Mapped[date]
    points: Mapped[float] = mapped_column(Float)
    column_title: Mapped[str]
    reason: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None]
    author: Mapped[str | None]
    import_key: Mapped[str | None] = mapped_column(unique=True)
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    withdraw_reason: Mapped[str | None] = mapped_column(Text)


class ProbeRow(Base):
    __tablename__ = "probes"
    __table_args__ = (Index(None, "unit_id", "probed_at"), Index(None, "probed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str]
    site_home: Mapped[str]
    status: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(40))
    ttfb: Mapped[float | None] = mapped_column(Float)
    elapsed: Mapped[float | None] = mapped_column(Float)
    probed_at: Mapped[datetime]


class JobRun(Base):
    __tablename__ = "job_runs"
    __table_args__ = (Index(None, "job", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text, default="")


class SendRow(Base):
    """One message to one recipient; ``key`` names it (digest day + unit + channel + recipient)."""

    __tablename__ = "sends"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    unit_id: Mapped[str | None]  # None: the office summary
    channel: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str]
    status: Mapped[str] = mapped_column(String(20), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LockRow(Base):
    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str]
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class FrozenQuarter(Base):
    __tablename__ = "frozen_tables"

    quarter: Mapped[str] = mapped_column(String(10), primary_key=True)
    rulebook: Mapped[str]
    payload: Mapped[str] = mapped_column(Text)
    frozen_at: Mapped[datetime]


class RegistrySnapshot(Base):
    """The config and rulebook a crawl ran with, so later commands work (and explain) without the file."""

    __tablename__ = "registry_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    config_json: Mapped[str] = mapped_column(Text)
    rulebook_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime]


class FindingRow(Base):
    """A content finding (personal data, wording, interpretation, consultation), one row per problem.

    Never a full personal number: ``context`` and ``masked`` are masked, ``key`` is a salted hash.
    ``status``: open while it is seen; resolved when its page was read again without it.
    """

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("unit_id", "kind", "url", "key"), Index(None, "unit_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str]
    site_home: Mapped[str]
    kind: Mapped[str] = mapped_column(String(20))
    subtype: Mapped[str] = mapped_column(String(30), default="")
    level: Mapped[str] = mapped_column(String(10))
    url: Mapped[str]
    key: Mapped[str]
    context: Mapped[str] = mapped_column(Text, default="")
    masked: Mapped[str | None]
    suggestion: Mapped[str | None] = mapped_column(Text)
    days_late: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[date | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="open")


class AttachmentRow(Base):
    """An attachment read for the content checks: its validators, so it is downloaded again only
    when it changed, and why its text could not be read (scanned PDF, .doc ...)."""

    __tablename__ = "attachment_reads"

    url: Mapped[str] = mapped_column(primary_key=True)
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    size: Mapped[int] = mapped_column(default=0)
    unreadable: Mapped[str | None] = mapped_column(Text)
    read_at: Mapped[datetime]


class SecretRow(Base):
    """Small secrets freshwatch makes itself, e.g. the salt of the personal-data hashes."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str]
    created_at: Mapped[datetime]


def table_of(model: type[Base]) -> Table:
    """The Core table behind a model, for bulk statements that skip the ORM's per-row bookkeeping."""
    return cast(Table, model.__table__)


# --- the web console: accounts, sessions, the audit log, rectifications and disputes ------------------


class UserRow(Base):
    """A console account.  ``role`` is office or unit; a unit account carries the one unit it may see."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[str | None]
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]


class WebSessionRow(Base):
    """A signed-in browser: only the token's hash is stored, so a copied database opens no session."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditRow(Base):
    """One office action: who, when, what, and the state before and after (JSON text)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text)
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")


class RectificationRow(Base):
    """A unit's claim that a finding is fixed (已整改), and what the next crawl found."""

    __tablename__ = "rectifications"
    __table_args__ = (Index(None, "unit_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str]
    kind: Mapped[str] = mapped_column(String(10))  # column / link
    target: Mapped[str] = mapped_column(Text)  # the column url or the broken link's url
    label: Mapped[str] = mapped_column(Text, default="")  # column name, for people
    note: Mapped[str] = mapped_column(Text)
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10))  # claimed / fixed / reopened
    checked_at: Mapped[datetime | None]
    fixed_on: Mapped[date | None]
    check_note: Mapped[str] = mapped_column(Text, default="")


class DisputeRow(Base):
    """A unit's appeal (申诉) against a manual deduction, and the office's decision."""

    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("manual_deductions.id"), index=True)
    unit_id: Mapped[str]
    reason: Mapped[str] = mapped_column(Text)
    filed_by: Mapped[str] = mapped_column(String(64))
    filed_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10))  # open / accepted / rejected
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)


class SnapshotRow(Base):
    """A column's list page as it stood when its warning fired: sanitised HTML, zlib-compressed.

    Kept once per overdue spell so the office can show the page it warned about, even after the
    site has changed it.
    """

    __tablename__ = "column_snapshots"
    __table_args__ = (UniqueConstraint("unit_id", "column_url", "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str]
    column_url: Mapped[str]
    taken_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)  # why it was kept, e.g. "overdue"
    html_zlib: Mapped[bytes] = mapped_column(LargeBinary)
