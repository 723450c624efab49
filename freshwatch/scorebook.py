"""The quarterly table as the office publishes it: computed, frozen, exported, and its inputs.

A frozen quarter is read back from the store exactly as it was published, so later rule edits
or late crawls never change a result that has gone out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import storage
from config.models import Config, Rulebook
from freshwatch.app import App
from freshwatch.errors import InputError
from freshwatch.views import table_for_quarter
from scoring.types import Quarter, QuarterTable


@dataclass(frozen=True)
class QuarterResult:
    table: QuarterTable
    frozen: bool


def quarter_result(app: App, quarter: Quarter, *, freeze: bool = False) -> QuarterResult:
    from freshwatch.exports.json_export import table_from_json, table_json

    with app.store().session() as session:
        stored = storage.frozen_table(session, str(quarter))
    if stored is not None:
        return QuarterResult(table_from_json(stored.payload), frozen=True)
    table = table_for_quarter(app.store(), app.config(), app.rulebook(), quarter)
    if freeze:
        with app.store().session() as session:
            storage.freeze_table(
                session, quarter=str(quarter), rulebook=app.rulebook().name,
                payload=table_json(table), at=datetime.now(UTC),
            )
    return QuarterResult(table, frozen=freeze)


def export_table(app: App, result: QuarterResult, fmt: str, out: Path | None) -> str | None:
    """Text formats are returned; xlsx and docx are written to ``out``."""
    from freshwatch.exports.json_export import table_json
    from freshwatch.exports.text import table_text
    from scoring.table import table_csv

    table = result.table
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return table_json(table, app.rulebook())
    if fmt == "table":
        return table_text(table)
    assert out is not None
    if fmt == "xlsx":
        from freshwatch.exports.layout import table_title
        from freshwatch.exports.xlsx import write_xlsx

        write_xlsx(table, app.rulebook(), out, title=table_title(table.quarter, app.config().report.scope))
        return None
    from freshwatch.exports.docx import write_notice_docx
    from freshwatch.notice import notice_report

    write_notice_docx(notice_report(app, table), out)
    return None


def manual_column(rulebook: Rulebook, column: str | None) -> str:
    manual = [c.title for c in rulebook.table if "manual" in c.from_]
    if column is None:
        if not manual:
            raise InputError("规则的得分表中没有来源为 manual 的列，无法登记人工扣分")
        return manual[0]
    if column not in manual:
        raise InputError(f"--column {column!r} 无效；可选：{', '.join(manual)}")
    return column


def read_assessment(path: Path, config: Config) -> dict[str, float]:
    """``单位,得分`` (unit id or name) -> {unit id: score}; every bad line is named."""
    by_name = {u.name: u.id for u in config.units} | {u.id: u.id for u in config.units}
    scores: dict[str, float] = {}
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"{path}: 无法读取（{error.strerror}）") from None
    with handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or (number == 1 and not _is_number(row[-1])):
                continue
            if len(row) < 2 or row[0].strip() not in by_name or not _is_number(row[1]):
                raise InputError(f"{path}: 第 {number} 行 {row!r} 无效；每行为 单位(名称或ID),得分(0-100)")
            scores[by_name[row[0].strip()]] = float(row[1])
    return scores


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def annual_rows(
    app: App, year: int, assessment: dict[str, float] | None
) -> tuple[list[str], list[list[Any]], list[dict[str, Any]]]:
    from scoring.annual import annual_result

    from scoring.table import format_score

    config, rulebook = app.config(), app.rulebook()
    tables = {q: quarter_result(app, Quarter(year, q)).table for q in (1, 2, 3, 4)}
    headers = ["单位", "一季度", "二季度", "三季度", "四季度", "日常监测得分"]
    if assessment is not None:
        headers += ["年终考评得分", "综合得分"]
    rows: list[list[Any]] = []
    payload: list[dict[str, Any]] = []
    for unit in config.units:
        scores = {
            Quarter(year, q): next(r.score for r in table.rows if r.unit_id == unit.id)
            for q, table in tables.items()
        }
        result = annual_result(scores, assessment.get(unit.id) if assessment else None, rulebook)
        row: list[Any] = [unit.name, *(format_score(s) for s in scores.values()), format_score(result.daily)]
        if assessment is not None:
            row += [
                format_score(result.assessment) if result.assessment is not None else "-",
                format_score(result.composite) if result.composite is not None else "-",
            ]
        rows.append(row)
        payload.append({
            "unit": unit.id, "name": unit.name,
            "quarters": {str(q): s for q, s in scores.items()},
            "daily_monitoring": result.daily, "assessment": result.assessment, "composite": result.composite,
        })
    return headers, rows, payload


def import_file(app: App, path: Path) -> tuple[int, int]:
    from freshwatch.imports import parse_deductions

    config, rulebook = app.config(), app.rulebook()
    entries = parse_deductions(
        path,
        unit_ids_by_name={u.name: u.id for u in config.units} | {u.id: u.id for u in config.units},
        table_titles=[c.title for c in rulebook.table],
    )
    app.remember_registry()
    added = skipped = 0
    now = datetime.now(UTC)
    with app.store().session() as session:
        for entry in entries:
            new_id = storage.add_manual(
                session, unit_id=entry.unit_id, day=entry.day, points=entry.points, column=entry.column,
                reason=entry.reason, source_id=entry.source_id, author=f"import:{path.name}",
                import_key=entry.import_key, at=now,
            )
            if new_id is None:
                skipped += 1
            else:
                added += 1
    return added, skipped
