"""The store: SQLite by default, PostgreSQL by URL, migrated on open.

Query functions take a ``Session`` and never commit: the shell owns transactions
(``with store.session() as session: ...`` commits on success and rolls back on error).
Timestamps in and out are timezone-aware; dates that depend on a time zone take ``tz``.
"""

from __future__ import annotations

from freshwatch.storage.db import Store, migrate, open_store, sqlite_url
from freshwatch.storage.links import broken_links
from freshwatch.storage.manual import add_manual, manual_entries, manual_entry, withdraw_manual
from freshwatch.storage.ops import (
    acquire_lock,
    claim_send,
    current_lock,
    failed_sends,
    freeze_table,
    frozen_table,
    last_jobs,
    mark_send,
    record_job,
    refresh_lock,
    release_lock,
)
from freshwatch.storage.records import (
    DateChange,
    FrozenTable,
    JobRecord,
    LockInfo,
    RegistryRecord,
    RunRecord,
    RunStatus,
    SendRecord,
    SendStatus,
    SiteError,
    TimelineItem,
)
from freshwatch.storage.registry import load_registry, save_registry
from freshwatch.storage.runs import (
    default_holder,
    finish_run,
    latest_runs,
    mark_abandoned_runs,
    probes,
    record_probe,
    record_site,
    site_errors,
    start_run,
)
from freshwatch.storage.timeline import column_histories, item_timeline, observed_units

__all__ = [
    "DateChange",
    "FrozenTable",
    "JobRecord",
    "LockInfo",
    "RegistryRecord",
    "RunRecord",
    "RunStatus",
    "SendRecord",
    "SendStatus",
    "SiteError",
    "Store",
    "TimelineItem",
    "acquire_lock",
    "add_manual",
    "broken_links",
    "claim_send",
    "column_histories",
    "current_lock",
    "default_holder",
    "failed_sends",
    "finish_run",
    "freeze_table",
    "frozen_table",
    "item_timeline",
    "last_jobs",
    "latest_runs",
    "load_registry",
    "manual_entries",
    "manual_entry",
    "mark_abandoned_runs",
    "mark_send",
    "migrate",
    "observed_units",
    "open_store",
    "probes",
    "record_job",
    "record_probe",
    "record_site",
    "refresh_lock",
    "release_lock",
    "save_registry",
    "site_errors",
    "sqlite_url",
    "start_run",
    "withdraw_manual",
]
