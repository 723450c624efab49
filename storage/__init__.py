"""The store: SQLite by default, PostgreSQL by URL, migrated on open.

Query functions take a ``Session`` and never commit: the shell owns transactions
(``with store.session() as session: ...`` commits on success and rolls back on error).
Timestamps in and out are timezone-aware; dates that depend on a time zone take ``tz``.
"""

from __future__ import annotations

from freshwatch.storage.db import Store, migrate, open_store, sqlite_url
from freshwatch.storage.findings import (
    AttachmentState,
    FindingRecord,
    attachment_states,
    content_salt,
    open_findings,
    record_attachment,
    record_findings,
)
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
    take_over_lock,
)
from freshwatch.storage.records import (
    DateChange,
    FrozenTable,
    JobRecord,
    LockInfo,
    RegistryRecord,
    RunProgress,
    RunRecord,
    RunStatus,
    SendRecord,
    SendStatus,
    SiteError,
    TimelineItem,
    WorkerRecord,
)
from freshwatch.storage.registry import load_registry, registry_config, registry_snapshot_id, save_registry
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
from freshwatch.storage.site_results import (
    expect_sites,
    pending_sites,
    record_site_once,
    run_progress,
    run_status,
    settle_abandoned_runs,
)
from freshwatch.storage.timeline import column_histories, item_timeline, observed_units
from freshwatch.storage.workers import beat_worker, workers_seen

__all__ = [
    "AttachmentState",
    "DateChange",
    "FindingRecord",
    "FrozenTable",
    "JobRecord",
    "LockInfo",
    "RegistryRecord",
    "RunProgress",
    "RunRecord",
    "RunStatus",
    "SendRecord",
    "SendStatus",
    "SiteError",
    "Store",
    "TimelineItem",
    "WorkerRecord",
    "acquire_lock",
    "add_manual",
    "attachment_states",
    "beat_worker",
    "broken_links",
    "claim_send",
    "column_histories",
    "content_salt",
    "current_lock",
    "default_holder",
    "expect_sites",
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
    "open_findings",
    "open_store",
    "pending_sites",
    "probes",
    "record_attachment",
    "record_findings",
    "record_job",
    "record_probe",
    "record_site",
    "record_site_once",
    "refresh_lock",
    "registry_config",
    "registry_snapshot_id",
    "release_lock",
    "run_progress",
    "run_status",
    "save_registry",
    "settle_abandoned_runs",
    "site_errors",
    "sqlite_url",
    "start_run",
    "take_over_lock",
    "withdraw_manual",
    "workers_seen",
]
