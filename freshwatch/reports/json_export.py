"""The score table with its evidence as JSON, for other systems and for disputes.

Field names are a contract (extend, never rename).  Dates are ISO ``YYYY-MM-DD``; points and scores
are numbers rounded to 4 decimals, with ``score_text`` as the notice prints it.

```
{
  "quarter": "2018Q4", "rulebook": "demo", "frozen": false,
  "titles": ["工作动态", ...],
  "units": [{
    "unit": "hbfj", "name": "区环保分局",
    "cells": {"工作动态": 0, ..., "规划计划": 5, ...},
    "total": 6.5, "score": 93.5, "score_text": "93.50",
    "deductions": [{
      "source": "stale|links|blank|manual|availability|content",
      "table_source": "plan",          # the rulebook table source it feeds
      "title": "规划计划" | null,        # the table column (null without a rulebook, except manual)
      "points": 5, "note": "",
      "warning": null | {"column", "column_url", "category", "site",
                         "last_update", "due", "trigger", "repeat"},
      "links": [{"url", "kind", "status", "error", "found_on": [...], "first_seen", "last_seen"}],
      "blank_column": null | {"column", "column_url", "category", "site", "blank_days": [...],
                              "updates": [...], "last_verdict"},
      "manual": null | {"entry_id", "author", "day", "points", "column", "reason", "source_id",
                        "withdrawn_at", "withdraw_reason"},
      "content": [finding, ...]        # source content: the findings the points are for
    }],
    "findings": [{"kind", "subtype", "level", "url", "context" (masked), "masked", "suggestion",
                  "days_late", "detail", "first_seen", "last_seen"}]   # open in the quarter, report-only too
  }]
  }]
}
```

``table_from_json`` reads the document back into the same ``QuarterTable`` (a frozen quarter is
stored as this JSON), so the document must carry every field of the evidence, not just a summary.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Category, Rulebook
from freshwatch.kinds import ErrorClass, LinkKind, ListVerdict
from freshwatch.reports.layout import title_of
from freshwatch.scoring.table import format_score
from freshwatch.scoring.types import (
    BrokenLink,
    ColumnHistory,
    ContentIssue,
    Deduction,
    DeductionSource,
    ManualEntry,
    Quarter,
    QuarterTable,
    StaleWarning,
    Trigger,
    UnitRow,
)
from freshwatch.storage.errors import StoredDataUnreadable

PRECISION = 4


def table_json(table: QuarterTable, rulebook: Rulebook | None = None) -> str:
    return json.dumps(table_document(table, rulebook), ensure_ascii=False, indent=2) + "\n"


def table_document(table: QuarterTable, rulebook: Rulebook | None = None) -> dict[str, Any]:
    units = []
    for row in table.rows:
        units.append(
            {
                "unit": row.unit_id,
                "name": row.unit_name,
                "cells": {title: _num(value) for title, value in zip(table.titles, row.cells, strict=True)},
                "total": _num(row.total),
                "score": _num(row.score),
                "score_text": format_score(row.score),
                "deductions": [_deduction(d, rulebook) for d in table.deductions if d.unit_id == row.unit_id],
                "findings": [_finding(f) for f in table.findings if f.unit_id == row.unit_id],
            }
        )
    return {
        "quarter": str(table.quarter),
        "rulebook": table.rulebook_name,
        "frozen": table.frozen,
        "titles": list(table.titles),
        "units": units,
    }


def _num(value: float) -> float | int:
    rounded = round(value, PRECISION)
    return int(rounded) if rounded == int(rounded) else rounded


def _deduction(deduction: Deduction, rulebook: Rulebook | None) -> dict[str, Any]:
    return {
        "source": str(deduction.source),
        "table_source": deduction.table_source,
        "title": title_of(deduction, rulebook),
        "points": _num(deduction.points),
        "note": deduction.note,
        "warning": _warning(deduction.warning) if deduction.warning else None,
        "links": [_link(link) for link in deduction.links],
        "blank_column": _blank(deduction.blank_column) if deduction.blank_column else None,
        "manual": _manual(deduction.manual) if deduction.manual else None,
        "content": [_finding(f) for f in deduction.content],
    }


def _finding(issue: ContentIssue) -> dict[str, Any]:
    """A content finding, masked as stored (the ``findings --json`` fields)."""
    return {
        "kind": issue.kind,
        "subtype": issue.subtype,
        "level": issue.level,
        "url": issue.url,
        "context": issue.context,
        "masked": issue.masked,
        "suggestion": issue.suggestion,
        "days_late": issue.days_late,
        "detail": issue.detail,
        "first_seen": issue.first_seen.isoformat(),
        "last_seen": issue.last_seen.isoformat(),
    }


def _read_finding(unit_id: str, item: dict[str, Any]) -> ContentIssue:
    return ContentIssue(
        unit_id,
        item["kind"],
        item["level"],
        item["url"],
        date.fromisoformat(item["first_seen"]),
        date.fromisoformat(item["last_seen"]),
        item.get("detail", ""),
        subtype=item.get("subtype", ""),
        context=item.get("context", ""),
        masked=item.get("masked"),
        suggestion=item.get("suggestion"),
        days_late=item.get("days_late"),
    )


def _warning(warning: StaleWarning) -> dict[str, Any]:
    trigger = warning.trigger
    return {
        "column": warning.column_name,
        "column_url": warning.column_url,
        "category": str(warning.category),
        "site": warning.site_home,
        "last_update": trigger.anchor.isoformat(),
        "due": trigger.due.isoformat(),
        "trigger": trigger.day.isoformat(),
        "repeat": trigger.repeat_index,
    }


def _link(link: BrokenLink) -> dict[str, Any]:
    return {
        "url": link.url,
        "kind": link.kind,
        "status": link.status,
        "error": link.error,
        "found_on": list(link.found_on),
        "first_seen": link.first_seen.isoformat(),
        "last_seen": link.last_seen.isoformat(),
    }


def _blank(column: ColumnHistory) -> dict[str, Any]:
    return {
        "column": column.column_name,
        "column_url": column.column_url,
        "category": str(column.category),
        "site": column.site_home,
        "blank_days": [day.isoformat() for day in column.blank_days],
        "updates": [day.isoformat() for day in sorted(column.updates)],
        "last_verdict": column.last_verdict,
    }


def _manual(entry: ManualEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "author": entry.author,
        "day": entry.day.isoformat(),
        "points": _num(entry.points),
        "column": entry.column,
        "reason": entry.reason,
        "source_id": entry.source_id,
        "withdrawn_at": entry.withdrawn_at.isoformat() if entry.withdrawn_at else None,
        "withdraw_reason": entry.withdraw_reason,
    }


# --- reading it back (frozen quarters) -------------------------------------------------------------


def table_from_json(text: str, *, frozen: bool | None = None) -> QuarterTable:
    """The table ``table_json`` wrote; ``frozen`` overrides the flag stored with it."""
    try:
        document = json.loads(text)
        return _table(document, frozen)
    except (KeyError, TypeError, ValueError) as error:
        raise StoredDataUnreadable("quarter table", f"{type(error).__name__}: {error}") from None


def _table(document: dict[str, Any], frozen: bool | None) -> QuarterTable:
    titles = tuple(document["titles"])
    rows = tuple(
        UnitRow(
            unit_id=unit["unit"],
            unit_name=unit["name"],
            cells=tuple(float(unit["cells"][title]) for title in titles),
            total=float(unit["total"]),
            score=float(unit["score"]),
        )
        for unit in document["units"]
    )
    deductions = tuple(
        _read_deduction(unit["unit"], item) for unit in document["units"] for item in unit["deductions"]
    )
    return QuarterTable(
        quarter=Quarter.parse(document["quarter"]),
        titles=titles,
        rows=rows,
        deductions=deductions,
        rulebook_name=document.get("rulebook", ""),
        frozen=bool(document.get("frozen", False)) if frozen is None else frozen,
        findings=tuple(
            _read_finding(unit["unit"], item)
            for unit in document["units"]
            for item in unit.get("findings", [])
        ),
    )


def _read_deduction(unit_id: str, item: dict[str, Any]) -> Deduction:
    points = float(item["points"])
    warning = item.get("warning")
    blank = item.get("blank_column")
    manual = item.get("manual")
    return Deduction(
        unit_id=unit_id,
        source=DeductionSource(item["source"]),
        table_source=item["table_source"],
        points=points,
        warning=_read_warning(unit_id, warning, points) if warning else None,
        links=tuple(_read_link(unit_id, link) for link in item.get("links", ())),
        blank_column=_read_blank(unit_id, blank) if blank else None,
        manual=_read_manual(unit_id, manual, points) if manual else None,
        note=item.get("note", ""),
        content=tuple(_read_finding(unit_id, f) for f in item.get("content", ())),
    )


def _read_warning(unit_id: str, data: dict[str, Any], points: float) -> StaleWarning:
    trigger = Trigger(
        day=date.fromisoformat(data["trigger"]),
        anchor=date.fromisoformat(data["last_update"]),
        due=date.fromisoformat(data["due"]),
        repeat_index=int(data["repeat"]),
    )
    return StaleWarning(_read_key(unit_id, data), trigger, points)


def _read_key(unit_id: str, data: dict[str, Any]) -> ColumnKey:
    return ColumnKey(unit_id, data["site"], data["column"], data["column_url"], Category(data["category"]))


def _read_link(unit_id: str, data: dict[str, Any]) -> BrokenLink:
    return BrokenLink(
        unit_id=unit_id,
        url=data["url"],
        kind=LinkKind(data["kind"]),
        error=ErrorClass(data["error"]),
        status=data["status"],
        found_on=tuple(data["found_on"]),
        first_seen=date.fromisoformat(data["first_seen"]),
        last_seen=date.fromisoformat(data["last_seen"]),
    )


def _read_blank(unit_id: str, data: dict[str, Any]) -> ColumnHistory:
    return ColumnHistory(
        key=_read_key(unit_id, data),
        updates=tuple(date.fromisoformat(d) for d in data.get("updates", ())),
        last_verdict=ListVerdict(data["last_verdict"]) if data.get("last_verdict") else None,
        blank_days=tuple(date.fromisoformat(d) for d in data["blank_days"]),
    )


def _read_manual(unit_id: str, data: dict[str, Any], points: float) -> ManualEntry:
    withdrawn = data.get("withdrawn_at")
    return ManualEntry(
        entry_id=int(data["entry_id"]),
        unit_id=unit_id,
        day=date.fromisoformat(data["day"]),
        points=float(data.get("points", points)),
        column=data["column"],
        reason=data["reason"],
        source_id=data.get("source_id"),
        author=data.get("author"),
        withdrawn_at=datetime.fromisoformat(withdrawn) if withdrawn else None,
        withdraw_reason=data.get("withdraw_reason"),
    )
