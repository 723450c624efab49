"""What each page shows, built from the read models the CLI uses (numbers equal ``score``'s).

Handlers hand a ``Scope``; every read here takes its units from it, never from the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from freshwatch import storage
from freshwatch.app.clock import day_span, local_day, local_today, zone
from freshwatch.app.context import App
from freshwatch.app.quarters import QuarterResult, quarter_result
from freshwatch.app.read_models import (
    ColumnRef,
    column_statuses,
    current_broken_links,
    probe_outcome,
    registry_histories,
    warnings_between,
)
from freshwatch.config.models import Unit
from freshwatch.scoring.freshness import column_status, stale_warnings
from freshwatch.scoring.table import format_points, format_score
from freshwatch.scoring.types import (
    BrokenLink,
    ColumnState,
    ColumnStatus,
    Quarter,
    SiteRef,
    SiteVerdict,
    StaleWarning,
)
from freshwatch.scoring.verdicts import availability_verdicts
from freshwatch.web.guard import Scope

BAD_STATES = {ColumnState.overdue, ColumnState.blank, ColumnState.unreachable}


def console_day(app: App) -> date:
    """The day the console judges as of: today, or the last crawl's day when no crawl ran this
    quarter (a demo database crawled on 2018-12-31 opens on 2018Q4, not on an empty quarter)."""
    config = app.config()
    today = local_today(config)
    with app.store().session() as session:
        runs = storage.latest_runs(session, limit=1, kind="crawl")
    if runs:
        last = local_day(runs[0].started_at, zone(config))
        if last < Quarter.of(today).start:
            return last
    return today


def previous(quarter: Quarter) -> Quarter:
    return Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(quarter.year, quarter.number - 1)


@dataclass(frozen=True, slots=True)
class OverviewRow:
    unit_id: str
    name: str
    score: float
    score_text: str
    total_text: str
    cells: tuple[str, ...]
    overdue: int
    broken: int
    suspected: int
    availability: float | None  # share of probes that answered in time, over the rule's window
    warnings_week: int
    trend: float | None  # score minus last quarter's
    state: str  # bad / warn / good: the bar's colour


@dataclass(frozen=True, slots=True)
class Overview:
    quarter: Quarter
    as_of: date
    result: QuarterResult
    rows: tuple[OverviewRow, ...]


def _as_of(quarter: Quarter, day: date) -> date:
    return min(quarter.end, day)


def _monitored(tables: Results, quarter: Quarter) -> QuarterResult | None:
    """The quarter's result, or None when no crawl saw it (无监测数据: no trend, no evidence)."""
    from freshwatch.app.quarters import NoMonitoringData

    try:
        return tables(quarter)
    except NoMonitoringData:
        return None


def availability_by_unit(app: App, units: list[Unit], as_of: date) -> dict[str, list[SiteVerdict]]:
    config = app.config()
    rules = app.rulebook().verdicts
    tz = zone(config)
    begin, finish = day_span(rules.availability_window.before(as_of) + timedelta(days=1), as_of, tz)
    with app.store().session() as session:
        probes = storage.probes(session, unit_ids=[u.id for u in units], start=begin, end=finish)
    sites = [SiteRef(u.id, s.home, closed=s.closed) for u in units for s in u.sites]
    judged = availability_verdicts(sites, [probe_outcome(p, tz) for p in probes], rules, as_of=as_of)
    found: dict[str, list[SiteVerdict]] = {}
    for verdict in judged:
        found.setdefault(verdict.site.unit_id, []).append(verdict)
    return found


def _availability(verdicts: list[SiteVerdict]) -> float | None:
    ratios = [v.availability_ratio for v in verdicts if v.availability_ratio is not None]
    return 1 - max(ratios) if ratios else None


Results = Callable[[Quarter], QuarterResult]  # quarter_result, possibly cached by the console


Availability = Callable[[list[Unit], date], dict[str, list[SiteVerdict]]]


def overview(
    app: App,
    scope: Scope,
    quarter: Quarter,
    day: date,
    results: Results | None = None,
    availability: Availability | None = None,
) -> Overview:
    config = app.config()
    tz = zone(config)
    units = scope.units()
    ids = {u.id for u in units}
    as_of = _as_of(quarter, day)
    tables = results or (lambda q: quarter_result(app, q))
    result = tables(quarter)
    before = _monitored(tables, previous(quarter))
    last_scores = {r.unit_id: r.score for r in before.table.rows} if before else {}
    # one read of the histories for the states and the week's warnings (what column_statuses and
    # warnings_between each read): the same scoring functions on the same histories
    known = registry_histories(app.store(), units, tz=tz, as_of=as_of)
    rulebook = app.rulebook()
    statuses = [(ref, column_status(history, rulebook, as_of=as_of)) for ref, history in known]
    broken = current_broken_links(app.store(), units, tz=zone(app.config()))
    monday = as_of - timedelta(days=as_of.weekday())
    week = stale_warnings([h for _, h in known], rulebook, start=monday, end=as_of)
    verdicts = (availability or (lambda us, d: availability_by_unit(app, us, d)))(units, as_of)
    rows = []
    for row in result.table.rows:
        if row.unit_id not in ids:
            continue
        states = [st.state for ref, st in statuses if ref.unit.id == row.unit_id]
        overdue = sum(1 for s in states if s in BAD_STATES)
        links = [b for b in broken if b.unit_id == row.unit_id]
        suspected = sum(1 for b in links if b.blocked)
        soon = any(s is ColumnState.due_soon for s in states)
        last = last_scores.get(row.unit_id)
        rows.append(
            OverviewRow(
                unit_id=row.unit_id,
                name=row.unit_name,
                score=row.score,
                score_text=format_score(row.score),
                total_text=format_points(row.total),
                cells=tuple(format_points(c) for c in row.cells),
                overdue=overdue,
                broken=len(links) - suspected,
                suspected=suspected,
                availability=_availability(verdicts.get(row.unit_id, [])),
                warnings_week=sum(1 for w in week if w.unit_id == row.unit_id),
                trend=round(row.score - last, 2) if last is not None else None,
                state="bad" if overdue else "warn" if soon or links else "good",
            )
        )
    return Overview(quarter, as_of, result, tuple(rows))


def with_availability(found: Overview, verdicts: dict[str, list[SiteVerdict]]) -> Overview:
    """The overview with availability filled in (it is cached apart: probes come every 30 minutes)."""
    from dataclasses import replace

    rows = tuple(
        replace(row, availability=_availability(verdicts.get(row.unit_id, []))) for row in found.rows
    )
    return replace(found, rows=rows)


@dataclass(frozen=True, slots=True)
class UnitPage:
    unit: Unit
    quarter: Quarter
    as_of: date
    columns: tuple[tuple[ColumnRef, ColumnStatus], ...]
    warnings: tuple[StaleWarning, ...]  # over the timeline's window
    broken: tuple[BrokenLink, ...]
    result: QuarterResult | None  # None: no crawl saw the quarter (无监测数据)
    window_start: date


def unit_page(
    app: App, scope: Scope, unit_id: str, quarter: Quarter, day: date, results: Results | None = None
) -> UnitPage:
    unit = scope.unit(unit_id)
    config = app.config()
    tz = zone(config)
    as_of = _as_of(quarter, day)
    window_start = previous(quarter).start
    statuses = column_statuses(app.store(), [unit], app.rulebook(), as_of=as_of, tz=tz)
    warnings = warnings_between(app.store(), [unit], app.rulebook(), start=window_start, end=as_of, tz=tz)
    return UnitPage(
        unit=unit,
        quarter=quarter,
        as_of=as_of,
        columns=tuple(statuses),
        warnings=tuple(warnings),
        broken=tuple(current_broken_links(app.store(), [unit], tz=zone(app.config()))),
        result=_monitored(results or (lambda q: quarter_result(app, q)), quarter),
        window_start=window_start,
    )


def known_quarters(app: App, day: date) -> list[Quarter]:
    """The quarters from the first crawl to ``day``'s, newest first (what reports can export)."""
    config = app.config()
    with app.store().session() as session:
        runs = storage.latest_runs(session, limit=100000, kind="crawl")
    first = Quarter.of(local_day(runs[-1].started_at, zone(config))) if runs else Quarter.of(day)
    found = [Quarter.of(day)]
    while found[-1] > first:
        found.append(previous(found[-1]))
    return found
