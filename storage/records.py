"""What storage hands back besides the stage types of ``crawler`` and ``scoring``: frozen values only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class RunStatus(StrEnum):
    running = "running"
    complete = "complete"
    incomplete = "incomplete"  # the process died, or a site's crawl broke off; what was recorded is kept
    interrupted = "interrupted"  # stopped on purpose (SIGTERM), after writing what was fetched
    failed = "failed"


class SendStatus(StrEnum):
    pending = "pending"  # claimed, being sent
    sent = "sent"
    failed = "failed"


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: int
    kind: str
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    units: tuple[str, ...]
    pages: int
    requests: int
    note: str
    holder: str


@dataclass(frozen=True, slots=True)
class SiteError:
    """One thing that went wrong in one site's crawl; ``complete`` False: the site's crawl broke off."""

    run_id: int
    unit_id: str
    site_home: str
    complete: bool
    message: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class JobRecord:
    """The last run of a scheduled job and its last success, for ``freshwatch health``."""

    job: str
    started_at: datetime
    finished_at: datetime
    ok: bool
    detail: str
    last_success: datetime | None  # finished_at of the newest successful run


@dataclass(frozen=True, slots=True)
class SendRecord:
    key: str
    unit_id: str | None
    channel: str
    recipient: str
    status: SendStatus
    detail: str
    attempts: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class FrozenTable:
    quarter: str
    rulebook: str
    payload: str  # JSON text written by the shell
    frozen_at: datetime


@dataclass(frozen=True, slots=True)
class DateChange:
    old: date | None
    new: date | None
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One item of a column as the crawls saw it, for ``explain`` and evidence exports."""

    title: str
    url: str
    published: date | None
    date_source: str | None
    first_seen: datetime
    last_seen: datetime
    changes: tuple[DateChange, ...] = ()
    date_text: str | None = None


@dataclass(frozen=True, slots=True)
class LockInfo:
    name: str
    holder: str
    acquired_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    config_json: str
    rulebook_json: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class RunProgress:
    """Where a run stands by its site results: what the coordinator reports and closes the run on."""

    run_id: int
    total: int  # sites the run expects (dispatched); for a local run, the sites recorded so far
    done: int
    pages: int
    requests: int
    links: int
    broken: int
    incomplete_sites: tuple[str, ...] = ()  # homes of recorded sites whose crawl broke off
    pending_sites: tuple[str, ...] = ()  # homes of dispatched sites not recorded yet
    # the two lists are left empty by ``run_progress(..., sites=False)``: the counts alone

    @property
    def finished(self) -> bool:
        return self.done >= self.total


@dataclass(frozen=True, slots=True)
class WorkerRecord:
    """A crawl worker process as its last heartbeat left it."""

    name: str
    node: str
    queue: str
    started_at: datetime
    seen_at: datetime
    state: str
    run_id: int | None
    site: str
    sites_done: int
