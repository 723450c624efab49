"""Turn the day's findings into one digest per unit and one for the office.  Pure: no I/O, no clock.

A unit hears only what is new since the last digest (warnings raised, links first found broken,
outages seen), plus every column inside its reminder window, because a reminder is worth
repeating daily until the column is updated.  Units with nothing to report get no digest unless
``send_empty`` is set; the office digest follows the same rule over all units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypeVar

from freshwatch.config.models import Unit
from freshwatch.notify.digest.model import (
    Digest,
    LinkItem,
    OutageItem,
    ReminderItem,
    SiteOutage,
    UnitSummary,
    WarningItem,
)
from freshwatch.scoring.types import BrokenLink, ColumnHistory, Quarter, QuarterTable, Reminder, StaleWarning


def compose_digests(
    *,
    day: date,
    units: Sequence[Unit],
    histories: Iterable[ColumnHistory],
    new_warnings: Iterable[StaleWarning],
    reminders: Iterable[Reminder],
    new_broken_links: Iterable[BrokenLink],
    unavailable_sites: Iterable[SiteOutage],
    quarter_scores: QuarterTable | None,
    send_empty: bool,
    since: date | None = None,
) -> list[Digest]:
    """Unit digests in config order, then the office digest; empty ones dropped unless send_empty."""
    site_of = _site_lookup(units, histories)
    warnings = _by_unit(new_warnings)
    due_soon = _by_unit(reminders)
    links = _by_unit(new_broken_links)
    outages = _by_unit(unavailable_sites)
    first_day = since or day
    unit_digests = [
        Digest(
            day=day,
            since=first_day,
            unit_id=unit.id,
            unit_name=unit.name,
            warnings=_warning_items(warnings.get(unit.id, []), unit, site_of),
            reminders=_reminder_items(due_soon.get(unit.id, []), unit, site_of, day),
            broken_links=_link_items(links.get(unit.id, [])),
            outages=_outage_items(outages.get(unit.id, []), unit),
            findings=tuple(
                f
                for f in (quarter_scores.findings if quarter_scores else ())
                if f.unit_id == unit.id and f.first_seen >= first_day
            ),
        )
        for unit in units
    ]
    office = Digest(
        day=day,
        since=first_day,
        unit_id=Digest.OFFICE_ID,
        unit_name="",
        summary=tuple(_summary_row(digest, quarter_scores) for digest in unit_digests),
        quarter=quarter_scores.quarter if quarter_scores else Quarter.of(day),
    )
    return [digest for digest in [*unit_digests, office] if send_empty or not digest.is_empty]


_Item = TypeVar("_Item", StaleWarning, Reminder, BrokenLink, SiteOutage)


def _by_unit(items: Iterable[_Item]) -> dict[str, list[_Item]]:
    grouped: dict[str, list[_Item]] = {}
    for item in items:
        grouped.setdefault(item.unit_id, []).append(item)
    return grouped


def _site_lookup(units: Sequence[Unit], histories: Iterable[ColumnHistory]) -> dict[str, str]:
    """Column URL and home URL -> the site's label, so every line can say which site it is on."""
    labels: dict[str, str] = {}
    homes: dict[str, str] = {}
    for unit in units:
        for site in unit.sites:
            homes[site.home] = site.label
            labels[site.home] = site.label
            for column in site.columns:
                labels.setdefault(column.url, site.label)
    for history in histories:
        labels.setdefault(history.column_url, homes.get(history.site_home, history.site_home))
    return labels


def _warning_items(items: list[StaleWarning], unit: Unit, site_of: dict[str, str]) -> tuple[WarningItem, ...]:
    ordered = sorted(items, key=lambda w: (w.trigger.day, w.column_name))
    return tuple(
        WarningItem(
            site=site_of.get(w.column_url, w.site_home),
            column=w.column_name,
            url=w.column_url,
            category=w.category.label,
            latest=w.trigger.anchor,
            due=w.trigger.due,
            triggered=w.trigger.day,
            points=w.points,
        )
        for w in ordered
    )


def _reminder_items(
    items: list[Reminder], unit: Unit, site_of: dict[str, str], day: date
) -> tuple[ReminderItem, ...]:
    ordered = sorted((r for r in items if r.due >= day), key=lambda r: (r.due, r.column_name))
    return tuple(
        ReminderItem(
            site=site_of.get(r.column_url, ""),
            column=r.column_name,
            url=r.column_url,
            category=r.category.label,
            latest=r.latest,
            due=r.due,
            days_left=(r.due - day).days,
        )
        for r in ordered
    )


def _link_items(items: list[BrokenLink]) -> tuple[LinkItem, ...]:
    return tuple(
        LinkItem(url=b.url, kind=b.kind, error=b.error, status=b.status, found_on=tuple(b.found_on))
        for b in sorted(items, key=lambda b: b.url)
    )


def _outage_items(items: list[SiteOutage], unit: Unit) -> tuple[OutageItem, ...]:
    labels = {site.home: site.label for site in unit.sites}
    return tuple(
        OutageItem(
            site=labels.get(o.site_home, o.site_home),
            home=o.site_home,
            failures=o.failures,
            probes=o.probes,
            last_failure=o.last_failure,
            last_error=o.last_error,
        )
        for o in sorted(items, key=lambda o: o.site_home)
    )


def _summary_row(digest: Digest, table: QuarterTable | None) -> UnitSummary:
    row = next((r for r in table.rows if r.unit_id == digest.unit_id), None) if table else None
    return UnitSummary(
        unit_id=digest.unit_id,
        unit_name=digest.unit_name,
        new_warnings=len(digest.warnings),
        reminders=len(digest.reminders),
        new_broken_links=len(digest.broken_links),
        outages=len(digest.outages),
        deducted=row.total if row else None,
        score=row.score if row else None,
    )


__all__ = ["compose_digests"]
