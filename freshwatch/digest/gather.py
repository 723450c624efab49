"""Read storage and score it into the inputs of one day's digests.

"New since the last digest" is a window of whole days in the office's time zone: from the day
after the last successful digest job up to the digest's day.  Without a record of an earlier
digest (first run) the window opens on the previous day.  A re-run the same day reuses the first
run's window (read back from the job's recorded detail), so its digests are the same and the send
ledger skips them; a retry of an earlier day covers that day alone.  A broken link is new when it
fails now, failed inside the window, and was not already failing the day before the window (as
seen by checks of that day's quarter: the quarter is what scoring counts in, and it bounds the
history read).  Reminders are not
windowed: a column inside its remind window is mentioned every day until it is updated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import storage
from config.loader import load_rulebooks
from config.models import Config, Rulebook, Unit
from crawler.types import Probe
from freshwatch.digest.model import SiteOutage
from freshwatch.views import registry_histories
from scoring.freshness import reminders, stale_warnings
from scoring.rulebooks import rulebook_on
from scoring.table import quarter_table
from scoring.types import (
    BrokenLink,
    ColumnHistory,
    ProbeOutcome,
    Quarter,
    QuarterTable,
    Reminder,
    StaleWarning,
)
from scoring.verdicts import probe_failed
from storage import Store

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


_WINDOW = re.compile(r"window (\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def window_text(since: date, day: date) -> str:
    """How a digest job states its window in its recorded detail, so a re-run can reuse it."""
    return f"window {since.isoformat()}..{day.isoformat()}"


def window_start(day: date, last: LastDigest | None) -> date:
    if last is None:
        return day - ONE_DAY
    if last.day < day:
        return last.day + ONE_DAY
    if last.day == day and last.since is not None:
        return last.since  # a re-run the same day covers what the first run covered
    return day


def last_digest(store: Store, zone: ZoneInfo) -> LastDigest | None:
    with store.session() as session:
        record = storage.last_jobs(session).get(DIGEST_JOB)
    if record is None or record.last_success is None:
        return None
    day = record.last_success.astimezone(zone).date()
    match = _WINDOW.search(record.detail) if record.ok else None
    if match is None or date.fromisoformat(match.group(2)) != day:
        return LastDigest(day, None)
    return LastDigest(day, date.fromisoformat(match.group(1)))


def gather_inputs(
    config: Config, store: Store, *, day: date, rulebook: Rulebook | None = None, since: date | None = None
) -> DigestInputs:
    """Everything one day's digests need; blocking (database), so call it from a thread."""
    zone = ZoneInfo(config.schedule.timezone)
    rulebook = rulebook or rulebook_on(load_rulebooks(config), day)
    since = since or window_start(day, last_digest(store, zone))
    units = list(config.units)
    histories = tuple(history for _, history in registry_histories(store, units, as_of=day))
    ids = [unit.id for unit in units]
    quarter = Quarter.of(day)
    with store.session() as session:
        in_window = storage.broken_links(
            session, unit_ids=ids, start=since, end=day, current_only=True, tz=zone
        )
        before = since - ONE_DAY  # already failing then (looked up within its quarter) is not news
        known = storage.broken_links(
            session, unit_ids=ids, start=Quarter.of(before).start, end=before, current_only=True, tz=zone
        )
        quarter_links = storage.broken_links(session, unit_ids=ids, start=quarter.start, end=day, tz=zone)
        manual = storage.manual_entries(session, unit_ids=ids, start=quarter.start, end=day)
        probes = storage.probes(
            session, unit_ids=ids, start=_midnight(since, zone), end=_midnight(day + ONE_DAY, zone)
        )
    already = {(b.unit_id, b.url) for b in known}
    table = quarter_table(
        [(u.id, u.name) for u in units], histories, quarter_links, manual, rulebook, quarter, as_of=day
    )
    return DigestInputs(
        day=day,
        since=since,
        histories=histories,
        new_warnings=tuple(stale_warnings(histories, rulebook, start=since, end=day)),
        reminders=tuple(reminders(histories, rulebook, as_of=day)),
        new_broken_links=tuple(b for b in in_window if (b.unit_id, b.url) not in already),
        unavailable_sites=tuple(outages(units, probes, rulebook, zone)),
        quarter_scores=table,
    )


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def outages(
    units: Sequence[Unit], probes: Sequence[Probe], rulebook: Rulebook, zone: ZoneInfo
) -> list[SiteOutage]:
    """Sites with at least one failed (or too slow) probe; closed sites filed their closure and are skipped."""
    closed = {site.home for unit in units for site in unit.sites if site.closed}
    grouped: dict[tuple[str, str], list[Probe]] = {}
    for probe in probes:
        if probe.site_home not in closed:
            grouped.setdefault((probe.unit_id, probe.site_home), []).append(probe)
    found: list[SiteOutage] = []
    for (unit_id, home), group in grouped.items():
        failed = [p for p in group if probe_failed(_outcome(p, zone), rulebook.verdicts)]
        if not failed:
            continue
        last = max(failed, key=lambda p: p.probed_at)
        found.append(
            SiteOutage(
                unit_id=unit_id,
                site_home=home,
                failures=len(failed),
                probes=len(group),
                last_failure=last.probed_at.astimezone(zone),
                last_error=str(last.error) if last.error else "slow",
            )
        )
    return found


def _outcome(probe: Probe, zone: ZoneInfo) -> ProbeOutcome:
    return ProbeOutcome(
        unit_id=probe.unit_id,
        site_home=probe.site_home,
        day=probe.probed_at.astimezone(zone).date(),
        ok=probe.error is None,
        elapsed=probe.elapsed,
    )


__all__ = [
    "DigestInputs",
    "LastDigest",
    "gather_inputs",
    "last_digest",
    "outages",
    "window_start",
    "window_text",
]
