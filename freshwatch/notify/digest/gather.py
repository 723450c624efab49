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
from freshwatch.config.models import Category, Config, Rulebook, Unit
from freshwatch.crawler.types import Probe
from freshwatch.notify.digest.model import ColumnProblem, OverdueColumn, SiteOutage
from freshwatch.reports.wording import not_known_line
from freshwatch.scoring.freshness import column_status, reminders, stale_warnings
from freshwatch.scoring.rulebooks import rulebook_on
from freshwatch.scoring.table import quarter_table
from freshwatch.scoring.types import (
    BrokenLink,
    ColumnHistory,
    ColumnState,
    Quarter,
    QuarterTable,
    Reminder,
    StaleWarning,
)
from freshwatch.scoring.verdicts import probe_failed
from freshwatch.storage import RectificationRecord, Store

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
    checked_claims: tuple[RectificationRecord, ...] = ()  # 已整改 claims a crawl checked in the window
    overdue: tuple[OverdueColumn, ...] = ()
    failing_links: tuple[BrokenLink, ...] = ()
    problems: tuple[ColumnProblem, ...] = ()


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
        checked = [
            claim
            for claim in storage.rectifications(session, unit_ids=ids, statuses=["fixed", "reopened"])
            if claim.checked_at is not None and start <= claim.checked_at < end
        ]
        failing = storage.broken_links(session, unit_ids=ids, current_only=True)
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
    new_warnings = tuple(stale_warnings(histories, rulebook, start=since, end=day))
    return DigestInputs(
        day=day,
        since=since,
        histories=histories,
        new_warnings=new_warnings,
        reminders=tuple(reminders(histories, rulebook, as_of=day)),
        new_broken_links=tuple(b for b in in_window if (b.unit_id, b.url) not in already),
        unavailable_sites=tuple(outages(units, probes, rulebook, tz)),
        quarter_scores=table,
        checked_claims=tuple(checked),
        overdue=overdue_columns(histories, table, rulebook, day=day, new=new_warnings),
        failing_links=tuple(failing),
        problems=column_problems(histories, table, rulebook, day=day),
    )


def overdue_columns(
    histories: Sequence[ColumnHistory],
    table: QuarterTable,
    rulebook: Rulebook,
    *,
    day: date,
    new: Sequence[StaleWarning],
) -> tuple[OverdueColumn, ...]:
    """Every column overdue on ``day``: due date, days overdue, what its warnings cost this quarter so
    far (the table's own evidence), and whether a warning of it fired since the last digest."""
    cost: dict[tuple[str, str], float] = {}
    for deduction in table.deductions:
        if deduction.warning is not None:
            key = (deduction.unit_id, deduction.warning.column_url)
            cost[key] = cost.get(key, 0.0) + deduction.points
    fresh = {(w.unit_id, w.column_url) for w in new}
    found = []
    for history in histories:
        status = column_status(history, rulebook, as_of=day)
        if status.state is not ColumnState.overdue or status.latest is None or status.due is None:
            continue
        key = (history.unit_id, history.column_url)
        found.append(
            OverdueColumn(
                unit_id=history.unit_id,
                site_home=history.site_home,
                column_name=history.column_name,
                column_url=history.column_url,
                category=history.category.label,
                latest=status.latest,
                due=status.due,
                days_overdue=(day - status.due).days,
                points_this_quarter=cost.get(key, 0.0),
                new=key in fresh,
            )
        )
    return tuple(found)


_PROBLEM_STATES = {
    ColumnState.blank: "栏目空白（列表中没有任何条目）",
    ColumnState.unreadable: "栏目内容无法识别",
    ColumnState.unreachable: "栏目页面无法访问",
}


def column_problems(
    histories: Sequence[ColumnHistory], table: QuarterTable, rulebook: Rulebook, *, day: date
) -> tuple[ColumnProblem, ...]:
    """Blank, unreadable and unreachable columns on their last crawl, and columns whose history does
    not cover the quarter so far (reported as not known, never as clean)."""
    found = []
    for history in histories:
        if history.category is Category.home:
            continue  # a home page is read for its dates when it has them; it is no list to fix
        state = column_status(history, rulebook, as_of=day).state
        if state in _PROBLEM_STATES:
            found.append(
                ColumnProblem(
                    history.unit_id,
                    history.site_home,
                    history.column_name,
                    history.column_url,
                    _PROBLEM_STATES[state],
                )
            )
    for column in table.not_known:
        assert column.unknown is not None
        start, end = column.unknown
        line = not_known_line(column.column_name, start, end, column.history_from)
        found.append(
            ColumnProblem(column.unit_id, column.site_home, column.column_name, column.column_url, line)
        )
    return tuple(found)


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
    "column_problems",
    "detail_summary",
    "gather_inputs",
    "job_detail",
    "last_digest",
    "outages",
    "overdue_columns",
    "recorded_window",
    "window_start",
]
