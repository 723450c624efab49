"""Read models the commands share: storage rows joined with the registry and scored.

Each function reads storage once and hands pure scoring functions their inputs; the CLI, the
digest and the exports all go through here, so a column's state is computed one way only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from freshwatch import storage
from freshwatch.app.clock import local_day, zone
from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Category, Config, Rulebook, Site, Unit
from freshwatch.crawler.types import Probe
from freshwatch.scoring.freshness import column_status, stale_warnings
from freshwatch.scoring.table import quarter_table
from freshwatch.scoring.types import (
    BrokenLink,
    ColumnHistory,
    ColumnState,
    ColumnStatus,
    ContentIssue,
    ProbeOutcome,
    Quarter,
    QuarterTable,
    StaleWarning,
)
from freshwatch.storage import Store

HOME_COLUMN = Category.home.label


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """A configured column, or a site's implicit home column."""

    unit: Unit
    site: Site
    name: str
    url: str
    category: Category

    @property
    def key(self) -> ColumnKey:
        return ColumnKey(self.unit.id, self.site.home, self.name, self.url, self.category)


def selected_units(config: Config, unit_ids: Sequence[str] | None) -> list[Unit]:
    from freshwatch.app.errors import InputError

    if not unit_ids:
        return list(config.units)
    known = {u.id: u for u in config.units}
    for unit_id in unit_ids:
        if unit_id not in known:
            raise InputError(f"未知单位 {unit_id!r}；可选：{', '.join(known)}")
    return [u for u in config.units if u.id in set(unit_ids)]


def column_refs(units: Sequence[Unit]) -> list[ColumnRef]:
    refs: list[ColumnRef] = []
    for unit in units:
        for site in unit.sites:
            refs.append(ColumnRef(unit, site, HOME_COLUMN, site.home, Category.home))
            refs.extend(ColumnRef(unit, site, c.name, c.url, c.category) for c in site.columns)
    return refs


def histories_for(
    store: Store, units: Sequence[Unit], *, tz: tzinfo, as_of: date | None = None
) -> dict[tuple[str, str], ColumnHistory]:
    """Histories on the office's calendar (``tz``): a blank found at 02:00 Beijing time is that day's."""
    with store.session() as session:
        found = storage.column_histories(session, unit_ids=[u.id for u in units], as_of=as_of, tz=tz)
    return {(h.unit_id, h.column_url): h for h in found}


def _history(ref: ColumnRef, known: dict[tuple[str, str], ColumnHistory]) -> ColumnHistory:
    found = known.get((ref.unit.id, ref.url))
    if found is not None and found.category == ref.category:
        return found
    # Configured but never crawled: no updates known, no verdict yet.
    return ColumnHistory(
        key=ref.key,
        updates=found.updates if found else (),
        last_verdict=found.last_verdict if found else None,
        blank_days=found.blank_days if found else (),
    )


def registry_histories(
    store: Store, units: Sequence[Unit], *, tz: tzinfo, as_of: date | None = None
) -> list[tuple[ColumnRef, ColumnHistory]]:
    """Every configured column (and home page) with its history, in config order."""
    known = histories_for(store, units, tz=tz, as_of=as_of)
    return [(ref, _history(ref, known)) for ref in column_refs(units)]


def column_statuses(
    store: Store, units: Sequence[Unit], rulebook: Rulebook, *, as_of: date, tz: tzinfo
) -> list[tuple[ColumnRef, ColumnStatus]]:
    """Each column's state on ``as_of``; one no crawl had read by then is ``unchecked`` (未检查),
    never a verdict such as 未注明日期 computed from nothing."""
    return [
        (ref, _checked_status(history, rulebook, as_of))
        for ref, history in registry_histories(store, units, tz=tz, as_of=as_of)
    ]


def _checked_status(history: ColumnHistory, rulebook: Rulebook, as_of: date) -> ColumnStatus:
    if history.last_verdict is None:
        return ColumnStatus(history, ColumnState.unchecked, latest=None, due=None, days_since_update=None)
    return column_status(history, rulebook, as_of=as_of)


def monitored_units(store: Store, units: Sequence[Unit], quarter: Quarter, *, tz: tzinfo) -> set[str]:
    """The units some crawl read during ``quarter``; the others have 无监测数据 there."""
    with store.session() as session:
        return storage.observed_units(
            session, start=quarter.start, end=quarter.end, tz=tz, unit_ids=[u.id for u in units]
        )


def warnings_between(
    store: Store, units: Sequence[Unit], rulebook: Rulebook, *, start: date, end: date, tz: tzinfo
) -> list[StaleWarning]:
    histories = [h for _, h in registry_histories(store, units, tz=tz, as_of=end)]
    return stale_warnings(histories, rulebook, start=start, end=end)


def current_broken_links(store: Store, units: Sequence[Unit]) -> list[BrokenLink]:
    with store.session() as session:
        return storage.broken_links(
            session, unit_ids=[u.id for u in units], current_only=True, include_blocked=True
        )


def content_issues(store: Store, unit_ids: Sequence[str], tz: tzinfo) -> list[ContentIssue]:
    """Every content finding (open or resolved) of these units, on the office's calendar days."""
    wanted = set(unit_ids)
    with store.session() as session:
        found = storage.open_findings(session, include_resolved=True)
    return [
        ContentIssue(
            f.unit_id,
            f.kind,
            f.level,
            f.url,
            local_day(f.first_seen, tz),
            local_day(f.last_seen, tz),
            f.detail if f.kind != "privacy" else "",
            subtype=f.subtype,
            context=f.context,
            masked=f.masked,
            suggestion=f.suggestion,
            days_late=f.days_late,
        )
        for f in found
        if f.unit_id in wanted
    ]


def table_for_quarter(store: Store, config: Config, rulebook: Rulebook, quarter: Quarter) -> QuarterTable:
    units = list(config.units)
    histories = [h for _, h in registry_histories(store, units, tz=zone(config), as_of=quarter.end)]
    ids = [u.id for u in units]
    with store.session() as session:
        broken = storage.broken_links(
            session, unit_ids=ids, start=quarter.start, end=quarter.end, tz=zone(config)
        )
        manual = storage.manual_entries(session, unit_ids=ids, start=quarter.start, end=quarter.end)
    content = content_issues(store, ids, zone(config))
    return quarter_table(
        [(u.id, u.name) for u in units], histories, broken, manual, rulebook, quarter, content=content
    )


def probe_outcome(probe: Probe, tz: tzinfo) -> ProbeOutcome:
    """A stored probe reduced to what the availability rule reads, on the office's calendar day."""
    return ProbeOutcome(
        probe.unit_id, probe.site_home, local_day(probe.probed_at, tz), probe.ok, probe.elapsed
    )
