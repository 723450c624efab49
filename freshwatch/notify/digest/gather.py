"""Read storage and score it into the inputs of one day's digests.

"New since the last digest" is a window of whole days in the office's time zone: from the day
after the last successful digest job up to the digest's day.  Without a record of an earlier
digest (first run) the window opens on the previous day.  A re-run the same day reuses the first
run's window (recorded as JSON in the job's detail, see ``job_detail``), so its digests are the same and the send
ledger skips them; a retry of an earlier day covers that day alone.  A broken link is new when it
fails now, failed inside the window, and was not already failing the day before the window (as
seen by checks of that day's quarter: the quarter is what scoring counts in, and it bounds the
history read).  Reminders are not
windowed: a column inside its remind window is mentioned every day until it is updated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from freshwatch import storage
from freshwatch.app.clock import day_span, local_day, zone
from freshwatch.app.read_models import content_issues, probe_outcome, registry_histories
from freshwatch.config.models import Config, Rulebook, Unit
from freshwatch.crawler.types import Probe
from freshwatch.notify.digest.model import SiteOutage
from freshwatch.scoring.freshness import reminders, stale_warnings
from freshwatch.scoring.rulebooks import rulebook_on
from freshwatch.scoring.table import quarter_table
from freshwatch.scoring.types import (
    BrokenLink,
    ColumnHistory,
    Quarter,
    QuarterTable,
    Reminder,
    StaleWarning,
)
from freshwatch.scoring.verdicts import probe_failed
from freshwatch.storage import Store

DIGEST_JOB = "digest"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DigestInputs:
    day: date
    since: date
    histories: tuple[ColumnHistory, ...]
    new_warnings: tuple[StaleWarning, ...]
    reminders: tuple[Reminder, ...]
    new_broken_links: tuple[BrokenLink, ...]
    unavailable_sites: tuple[SiteOutage, ...]
    quarter_scores: QuarterTable


@dataclass(frozen=True, slots=True)
class LastDigest:
    """The newest successful digest job: its local day and, when its detail says, the window it used."""

    day: date
    since: date | None


def job_detail(since: date, day: date, summary: str) -> str:
    """A digest job's recorded detail: its window as data (a re-run reads it back) and the summary."""
    window = {"since": since.isoformat(), "day": day.isoformat()}
    return json.dumps({"window": window, "summary": summary}, ensure_ascii=False)


def recorded_window(detail: str) -> tuple[date, date] | None:
    """The (since, day) a digest job recorded with ``job_detail``; None for any other detail."""
    try:
        window = json.loads(detail)["window"]
        return date.fromisoformat(window["since"]), date.fromisoformat(window["day"])
    except (ValueError, TypeError, KeyError):
        return None


def detail_summary(detail: str) -> str:
    """What a person reads of a job detail: the summary of a digest's, any other as it is."""
    try:
        summary = json.loads(detail)["summary"]
    except (ValueError, TypeError, KeyError):
        return detail
    return summary if isinstance(summary, str) else detail


def window_start(day: date, last: LastDigest | None) -> date:
    if last is None:
        return day - ONE_DAY
    if last.day < day:
        return last.day + ONE_DAY
    if last.day == day and last.since is not None:
        return last.since  # a re-run the same day covers what the first run covered
    return day


def last_digest(store: Store, tz: tzinfo) -> LastDigest | None:
    with store.session() as session:
        record = storage.last_jobs(session).get(DIGEST_JOB)
    if record is None or record.last_success is None:
        return None
    day = local_day(record.last_success, tz)
    window = recorded_window(record.detail) if record.ok else None
    if window is None or window[1] != day:
        return LastDigest(day, None)
    return LastDigest(day, window[0])


def gather_inputs(
    config: Config, store: Store, *, day: date, rulebooks: Sequence[Rulebook], since: date | None = None
) -> DigestInputs:
    """Everything one day's digests need, judged by the rulebook in force that day (from the
    caller's rulebooks: the config's, or the registry recorded in the database); blocking."""
    tz = zone(config)
    rulebook = rulebook_on(rulebooks, day)
    since = since or window_start(day, last_digest(store, tz))
    units = list(config.units)
    histories = tuple(history for _, history in registry_histories(store, units, tz=tz, as_of=day))
    ids = [unit.id for unit in units]
    quarter = Quarter.of(day)
    with store.session() as session:
        in_window = storage.broken_links(
            session, unit_ids=ids, start=since, end=day, current_only=True, tz=tz
        )
        before = since - ONE_DAY  # already failing then (looked up within its quarter) is not news
        known = storage.broken_links(
            session, unit_ids=ids, start=Quarter.of(before).start, end=before, current_only=True, tz=tz
        )
        quarter_links = storage.broken_links(session, unit_ids=ids, start=quarter.start, end=day, tz=tz)
        manual = storage.manual_entries(session, unit_ids=ids, start=quarter.start, end=day)
        start, end = day_span(since, day, tz)
        probes = storage.probes(session, unit_ids=ids, start=start, end=end)
    already = {(b.unit_id, b.url) for b in known}
    content = content_issues(store, ids, tz)
    table = quarter_table(
        [(u.id, u.name) for u in units],
        histories,
        quarter_links,
        manual,
        rulebook,
        quarter,
        as_of=day,
        content=content,
    )
    return DigestInputs(
        day=day,
        since=since,
        histories=histories,
        new_warnings=tuple(stale_warnings(histories, rulebook, start=since, end=day)),
        reminders=tuple(reminders(histories, rulebook, as_of=day)),
        new_broken_links=tuple(b for b in in_window if (b.unit_id, b.url) not in already),
        unavailable_sites=tuple(outages(units, probes, rulebook, tz)),
        quarter_scores=table,
    )


def outages(
    units: Sequence[Unit], probes: Sequence[Probe], rulebook: Rulebook, tz: tzinfo
) -> list[SiteOutage]:
    """Sites with at least one failed (or too slow) probe; closed sites filed their closure and are skipped."""
    closed = {site.home for unit in units for site in unit.sites if site.closed}
    grouped: dict[tuple[str, str], list[Probe]] = {}
    for probe in probes:
        if probe.site_home not in closed:
            grouped.setdefault((probe.unit_id, probe.site_home), []).append(probe)
    found: list[SiteOutage] = []
    for (unit_id, home), group in grouped.items():
        failed = [p for p in group if probe_failed(probe_outcome(p, tz), rulebook.verdicts)]
        if not failed:
            continue
        last = max(failed, key=lambda p: p.probed_at)
        found.append(
            SiteOutage(
                unit_id=unit_id,
                site_home=home,
                failures=len(failed),
                probes=len(group),
                last_failure=last.probed_at.astimezone(tz),
                last_error=str(last.error) if last.error else "slow",
            )
        )
    return found


__all__ = [
    "DigestInputs",
    "LastDigest",
    "detail_summary",
    "gather_inputs",
    "job_detail",
    "last_digest",
    "outages",
    "recorded_window",
    "window_start",
]
