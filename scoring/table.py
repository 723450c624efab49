"""Findings of a quarter -> the office's score table, with the evidence behind every point.

Arithmetic is done in ``Decimal`` and every cell is rounded half-up to hundredths, so nine broken
links at 0.05 are exactly 0.45 and 100 - 0.45 is exactly 99.55; floats appear only in the
finished ``UnitRow`` (where ``float(Decimal("0.45"))`` prints back as 0.45).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from freshwatch.config.models import Category, Rulebook
from freshwatch.safe_text import cell_text
from freshwatch.scoring.freshness import stale_warnings, unknown_part
from freshwatch.scoring.types import (
    BrokenLink,
    ColumnCoverage,
    ColumnHistory,
    ContentIssue,
    Deduction,
    DeductionSource,
    ManualEntry,
    Quarter,
    QuarterTable,
    StaleWarning,
    UnitRow,
)

CENT = Decimal("0.01")
UNIT_HEADER = "单位"
TOTAL_HEADER = "季度扣分"
SCORE_HEADER = "季度得分"
_CATEGORY_SOURCES = {category.value for category in Category}


def dec(value: float | int | Decimal) -> Decimal:
    """A rulebook or entry number as the decimal the clerk wrote (0.05, not 0.05000000000000000277)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class _UnitFindings:
    """What one unit was found with in the window, grouped once so each cell only filters."""

    warnings: tuple[StaleWarning, ...]
    histories: tuple[ColumnHistory, ...]
    broken: tuple[BrokenLink, ...]
    manual: dict[str, list[ManualEntry]]  # by table title
    content: tuple[ContentIssue, ...] = ()


def quarter_table(
    units: Sequence[tuple[str, str]],
    histories: Iterable[ColumnHistory],
    broken: Sequence[BrokenLink],
    manual: Sequence[ManualEntry],
    rulebook: Rulebook,
    quarter: Quarter,
    *,
    as_of: date | None = None,
    content: Sequence[ContentIssue] = (),
) -> QuarterTable:
    """One row per ``(unit id, unit name)`` in the given order, one cell per rulebook table column.

    ``as_of`` cuts a quarter still running: nothing after it has happened yet, so warnings are
    not predicted.  A source listed under two table columns would be counted twice; rulebooks
    list each source once.
    """
    start = quarter.start
    end = min(quarter.end, as_of) if as_of is not None else quarter.end
    column_list = list(histories)
    warnings = stale_warnings(column_list, rulebook, start=start, end=end)
    routed = route_manual([e for e in manual if start <= e.day <= end], rulebook)
    rows: list[UnitRow] = []
    evidence: list[Deduction] = []
    # grouped once (500 units x 5,000 columns filtered per unit was most of a table's time)
    warnings_of = _grouped(warnings)
    histories_of = _grouped(column_list)
    broken_of = _grouped(broken)
    manual_of = {title: _grouped(entries) for title, entries in routed.items()}
    content_of = _grouped(content)
    for unit_id, unit_name in units:
        findings = _UnitFindings(
            warnings=tuple(warnings_of.get(unit_id, ())),
            histories=tuple(histories_of.get(unit_id, ())),
            broken=tuple(broken_of.get(unit_id, ())),
            manual={title: list(by_unit.get(unit_id, ())) for title, by_unit in manual_of.items()},
            content=tuple(content_of.get(unit_id, ())),
        )
        cells: list[Decimal] = []
        for column in rulebook.table:
            found = [
                d
                for source in column.from_
                for d in _deductions(source, unit_id, findings, rulebook, start, end)
            ]
            found += [_manual(unit_id, entry) for entry in findings.manual.get(column.title, [])]
            cells.append(cents(sum((dec(d.points) for d in found), Decimal(0))))
            evidence.extend(found)
        total = sum(cells, Decimal(0))
        score = max(Decimal(0), cents(dec(rulebook.base_score) - total))
        rows.append(UnitRow(unit_id, unit_name, tuple(float(c) for c in cells), float(total), float(score)))
    return QuarterTable(
        quarter=quarter,
        titles=tuple(column.title for column in rulebook.table),
        rows=tuple(rows),
        deductions=tuple(evidence),
        rulebook_name=rulebook.name,
        findings=tuple(c for c in content if c.first_seen <= end and c.last_seen >= start),
        as_of=end if end < quarter.end else None,
        coverage=coverage(column_list, rulebook, start, end),
    )


def coverage(
    histories: Iterable[ColumnHistory], rulebook: Rulebook, start: date, end: date
) -> tuple[ColumnCoverage, ...]:
    """Each column with a freshness rule: from which day its history is known, and the part of
    ``[start, end]`` before that day (reported as not known, never scored clean)."""
    return tuple(
        ColumnCoverage(
            key=h.key,
            history_from=h.history_from,
            unknown=unknown_part(h, start, end),
            walk_end=h.walk_end,
        )
        for h in histories
        if rulebook.rule_for(h.category) is not None
    )


_HasUnit = TypeVar("_HasUnit", StaleWarning, ColumnHistory, BrokenLink, ManualEntry, ContentIssue)


def _grouped(items: Iterable[_HasUnit]) -> dict[str, list[_HasUnit]]:
    """Items by unit id, each unit's in their original order."""
    groups: dict[str, list[_HasUnit]] = {}
    for item in items:
        groups.setdefault(item.unit_id, []).append(item)
    return groups


def _deductions(
    source: str, unit_id: str, findings: _UnitFindings, rulebook: Rulebook, start: date, end: date
) -> list[Deduction]:
    if source in _CATEGORY_SOURCES:
        return [
            Deduction(unit_id, DeductionSource.stale, source, w.points, warning=w)
            for w in findings.warnings
            if w.category.value == source
        ]
    if source == "links":
        return _link_deductions(unit_id, findings.broken, rulebook, start=start, end=end)
    if source == "blank":
        return [
            Deduction(unit_id, DeductionSource.blank, source, rulebook.blank_column.deduct, blank_column=h)
            for h in findings.histories
            if any(start <= day <= end for day in h.blank_days)
        ]
    if source in CONTENT_KINDS:
        return _content_deductions(unit_id, source, findings.content, rulebook, start=start, end=end)
    # "manual" entries are placed by the title they are booked to (see route_manual);
    # "availability" has no per-point rule yet: the veto verdict covers it.
    return []


def _manual(unit_id: str, entry: ManualEntry) -> Deduction:
    return Deduction(unit_id, DeductionSource.manual, "manual", entry.points, manual=entry)


def manual_titles(rulebook: Rulebook) -> list[str]:
    """Table columns that take manual entries by default (those listing the ``manual`` source)."""
    return [column.title for column in rulebook.table if "manual" in column.from_]


def route_manual(manual: Sequence[ManualEntry], rulebook: Rulebook) -> dict[str, list[ManualEntry]]:
    """Manual entries by the table title they count under.

    An entry names its column (a third-party report's finding is booked to 第三方监测报告 even
    though that column's automatic sources are links and blank), so it counts there.  An entry
    naming no column of this rulebook (a rulebook edited after it was booked) falls to the first
    column listing ``manual`` rather than vanishing from the table.
    """
    titles = {column.title for column in rulebook.table}
    fallback = next(iter(manual_titles(rulebook)), None)
    routed: dict[str, list[ManualEntry]] = {}
    for entry in manual:
        title = entry.column if entry.column in titles else fallback
        if title is not None:
            routed.setdefault(title, []).append(entry)
    return routed


def _link_deductions(
    unit_id: str, broken: Sequence[BrokenLink], rulebook: Rulebook, *, start: date, end: date
) -> list[Deduction]:
    """One deduction carrying every distinct broken URL (of this unit's) seen broken in the window."""
    rule = rulebook.links
    by_url: dict[str, BrokenLink] = {}
    for link in broken:
        seen_in_window = link.first_seen <= end and link.last_seen >= start
        counted = rule.deduct_blocked or not link.blocked
        if seen_in_window and counted:
            by_url.setdefault(link.url, link)
    if not by_url:
        return []
    raw = dec(rule.deduct_each) * len(by_url)
    points = min(raw, dec(rule.cap))
    note = f"{len(by_url)} x {rule.deduct_each}" + (f", capped at {rule.cap}" if raw > points else "")
    links = tuple(by_url[url] for url in sorted(by_url))
    return [Deduction(unit_id, DeductionSource.links, "links", float(points), links=links, note=note)]


# table source -> the finding kind it counts
CONTENT_KINDS = {
    "privacy": "privacy",
    "typo": "typo",
    "late_interpretation": "interpretation",
    "unanswered_consultation": "consultation",
}


def _content_deductions(
    unit_id: str, source: str, issues: Sequence[ContentIssue], rulebook: Rulebook, *, start: date, end: date
) -> list[Deduction]:
    """One deduction for the content findings of one kind open in the window, at the rulebook's
    points each (its levels only), capped; no points set: report-only, no deduction."""
    kind = CONTENT_KINDS[source]
    rule = getattr(rulebook.content, kind)
    if not rule.deduct_each:
        return []
    counted = tuple(
        c
        for c in issues
        if c.kind == kind and c.level in rule.levels and c.first_seen <= end and c.last_seen >= start
    )
    if not counted:
        return []
    raw = dec(rule.deduct_each) * len(counted)
    points = min(raw, dec(rule.cap)) if rule.cap else raw
    note = f"{len(counted)} x {rule.deduct_each}" + (f", capped at {rule.cap}" if raw > points else "")
    return [Deduction(unit_id, DeductionSource.content, source, float(points), note=note, content=counted)]


# --- the notice's number style ---------------------------------------------------------------------


def format_points(value: float | Decimal) -> str:
    """Deductions as the notice prints them: no trailing zeros (0, 0.45, 0.5, 2, 6.5)."""
    text = f"{cents(dec(value)):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_score(value: float | Decimal) -> str:
    """Scores as the notice prints them: two decimals (99.55, 99.50, 93.50), except whole numbers,
    which the notice writes with one (100.0, 98.0).  Copied from the published table, not chosen.
    """
    amount = cents(dec(value))
    return f"{amount:.1f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def table_header(table: QuarterTable) -> list[str]:
    return [UNIT_HEADER, *table.titles, TOTAL_HEADER, SCORE_HEADER]


def table_row(row: UnitRow) -> list[str]:
    cells = [format_points(cell) for cell in row.cells]
    return [row.unit_name, *cells, format_points(row.total), format_score(row.score)]


def table_csv(table: QuarterTable) -> str:
    """The table as the notice's CSV: comma-separated, CRLF after every line including the last."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = [cell_text(title) for title in table_header(table)]
    if table.as_of is not None:  # a quarter still running says so in its first cell: 单位（截至 …）
        header[0] = f"{UNIT_HEADER}（截至 {table.as_of}）"
    writer.writerow(header)
    for row in table.rows:
        name, *numbers = table_row(row)
        writer.writerow([cell_text(name), *numbers])  # names come from outside; numbers stay numbers
    return out.getvalue()


def unit_deductions(table: QuarterTable, unit_id: str) -> list[Deduction]:
    """The evidence behind one unit's row (what ``score --explain`` lists)."""
    return [d for d in table.deductions if d.unit_id == unit_id]
