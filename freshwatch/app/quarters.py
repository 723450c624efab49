"""The quarterly table as the office publishes it: computed, frozen, exported, and its inputs.

A frozen quarter is read back from the store exactly as it was published, so later rule edits
or late crawls never change a result that has gone out.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from freshwatch import storage
from freshwatch.app.clock import local_today, utc_now, zone
from freshwatch.app.context import App
from freshwatch.app.errors import InputError
from freshwatch.app.read_models import monitored_units, table_for_quarter
from freshwatch.config.models import Config, Rulebook
from freshwatch.reports.wording import MANUAL_COLUMN_MISSING, NO_DATA, frozen_quarter_message
from freshwatch.scoring.table import manual_titles
from freshwatch.scoring.types import Quarter, QuarterTable

FROZEN_RULES_KEY = "rules"  # the frozen payload keeps the rulebook, so exports explain it as published


class NoMonitoringData(InputError):
    """A quarter no crawl saw (before the first crawl, or not begun): no score is computed for it."""


@dataclass(frozen=True)
class QuarterResult:
    table: QuarterTable
    rulebook: Rulebook  # the rules the table was scored with; a frozen quarter keeps its own
    frozen: bool
    frozen_at: datetime | None = None
    unmonitored: tuple[str, ...] = ()  # unit ids no crawl read during the quarter


def require_monitoring(app: App, quarter: Quarter) -> tuple[str, ...]:
    """Refuse a quarter without observations; return the units that have none in it.

    A score is 100 minus what was found: with nothing looked at, 100 would be a verdict the data
    cannot support, so a quarter that has not begun or that no crawl saw gets 无监测数据 instead.
    """
    config = app.config()
    today = local_today(config)
    if quarter.start > today:
        raise NoMonitoringData(f"{quarter} 尚未开始（今天是 {today}）：{NO_DATA}，没有可评分的结果")
    monitored = monitored_units(app.store(), config.units, quarter, tz=zone(config))
    if not monitored:
        raise NoMonitoringData(
            f"{quarter}（{quarter.start} 至 {quarter.end}）{NO_DATA}：该季度没有任何抓取记录，不给出得分"
        )
    return tuple(u.id for u in config.units if u.id not in monitored)


def quarter_result(app: App, quarter: Quarter, *, freeze: bool = False) -> QuarterResult:
    """The quarter's table: the frozen one if it was published, else scored now (and frozen if asked)."""
    from freshwatch.reports.json_export import table_json

    with app.store().session() as session:
        stored = storage.frozen_table(session, str(quarter))
    if stored is not None:
        if freeze:
            raise InputError(f"{_frozen_words(app, stored)}；不能再次冻结")
        return _thawed(app, quarter, stored)
    if freeze and quarter.end >= local_today(app.config()):
        raise InputError(f"{quarter} 尚未结束（截至 {quarter.end}），只能冻结已结束季度的得分表")
    unmonitored = require_monitoring(app, quarter)
    rulebook = app.rulebook_for(quarter)
    table = table_for_quarter(app.store(), app.config(), rulebook, quarter)
    if not freeze:
        return QuarterResult(table, rulebook, frozen=False, unmonitored=unmonitored)
    table = replace(table, frozen=True)
    document = json.loads(table_json(table, rulebook))
    document[FROZEN_RULES_KEY] = rulebook.model_dump(mode="json", by_alias=True)
    at = utc_now()
    with app.store().session() as session:
        storage.freeze_table(
            session,
            quarter=str(quarter),
            rulebook=rulebook.name,
            payload=json.dumps(document, ensure_ascii=False),
            at=at,
        )
    return QuarterResult(table, rulebook, frozen=True, frozen_at=at, unmonitored=unmonitored)


def _thawed(app: App, quarter: Quarter, stored: storage.FrozenTable) -> QuarterResult:
    from freshwatch.reports.json_export import table_from_json

    table = table_from_json(stored.payload, frozen=True)
    rules = json.loads(stored.payload).get(FROZEN_RULES_KEY)
    rulebook = Rulebook.model_validate(rules) if rules is not None else app.rulebook_for(quarter)
    return QuarterResult(table, rulebook, frozen=True, frozen_at=stored.frozen_at)


def export_table(app: App, result: QuarterResult, fmt: str, out: Path | None) -> str | None:
    """Text formats are returned; xlsx and docx are written to ``out``."""
    from freshwatch.reports.json_export import table_json
    from freshwatch.reports.text import table_text
    from freshwatch.scoring.table import table_csv

    table, rulebook = result.table, result.rulebook
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return table_json(table, rulebook)
    if fmt == "table":
        return table_text(table)
    assert out is not None
    if fmt == "xlsx":
        from freshwatch.reports.layout import table_title
        from freshwatch.reports.xlsx import write_xlsx

        write_xlsx(table, rulebook, out, title=table_title(table.quarter, app.config().report.scope))
        return None
    from freshwatch.app.notice_draft import notice_report
    from freshwatch.reports.docx import write_notice_docx

    write_notice_docx(notice_report(app, table, rulebook), out)
    return None


def bookable_quarter(app: App, day: date, what: str, *, allow_future: bool = False) -> Quarter:
    """The quarter an entry dated ``day`` is booked in; refused when that quarter's result can no
    longer change (frozen) or the day has not come yet."""
    today = local_today(app.config())
    if day > today and not allow_future:
        raise InputError(f"{what} {day} 晚于今天（{today}）；扣分只能登记已经发生的问题")
    quarter = Quarter.of(day)
    with app.store().session() as session:
        frozen = storage.frozen_table(session, str(quarter))
    if frozen is not None:
        raise InputError(f"{what} {day} 属于 {quarter}：{_frozen_words(app, frozen)}；已发布的结果不再改变")
    return quarter


def _frozen_words(app: App, frozen: storage.FrozenTable) -> str:
    local = frozen.frozen_at.astimezone(zone(app.config())).date()
    return frozen_quarter_message(frozen.quarter, frozen.rulebook, local)


def manual_column(rulebook: Rulebook, column: str | None) -> str:
    manual = manual_titles(rulebook)
    if column is None:
        if not manual:
            raise InputError(MANUAL_COLUMN_MISSING)
        return manual[0]
    if column not in manual:
        raise InputError(f"--column {column!r} 无效；可选：{', '.join(manual)}")
    return column


def read_assessment(path: Path, config: Config, *, most: float = 100) -> dict[str, float]:
    """``单位,得分`` (unit id or name) -> {unit id: score}; every bad line is named."""
    by_name = {u.name: u.id for u in config.units} | {u.id: u.id for u in config.units}
    allowed = f"每行为 单位(名称或ID),得分(0-{most:g})"
    scores: dict[str, float] = {}
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"{path}: 无法读取（{error.strerror}）") from None
    with handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not any(cell.strip() for cell in row) or (number == 1 and _score(row[-1], most) is None):
                continue
            unit_id = by_name.get(row[0].strip()) if len(row) >= 2 else None
            score = _score(row[1], most) if len(row) >= 2 else None
            if unit_id is None or score is None:
                raise InputError(f"{path}: 第 {number} 行 {','.join(row)!r} 无效；{allowed}")
            if unit_id in scores:
                raise InputError(f"{path}: 第 {number} 行：单位 {row[0].strip()} 重复出现")
            scores[unit_id] = score
    if not scores:
        raise InputError(f"{path}: 没有任何得分；{allowed}")
    return scores


def _score(text: str, most: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= most else None  # also None for nan


def annual_rows(
    app: App, year: int, assessment: dict[str, float] | None
) -> tuple[list[str], list[list[Any]], list[dict[str, Any]]]:
    from freshwatch.scoring.rulebooks import annual_result

    config = app.config()
    results: dict[int, QuarterResult] = {}
    for q in (1, 2, 3, 4):
        try:
            results[q] = quarter_result(app, Quarter(year, q))
        except NoMonitoringData:
            continue  # that quarter shows 无监测数据 and counts in no average
    if not results:
        raise NoMonitoringData(f"{year} 年{NO_DATA}：四个季度都没有抓取记录，不给出年度结果")
    tables = {q: result.table for q, result in results.items()}
    # the year-end assessment is weighed by the rules of the year's end
    rulebook = results[4].rulebook if 4 in results else app.rulebook_for(Quarter(year, 4))
    headers = ["单位", "一季度", "二季度", "三季度", "四季度", "日常监测得分"]
    if assessment is not None:
        headers += ["年终考评得分", "综合得分"]
    rows: list[list[Any]] = []
    payload: list[dict[str, Any]] = []
    # a frozen quarter keeps the units it was published with: a unit added later has no score there
    by_unit = {
        q: {r.unit_id: r.score for r in table.rows if r.unit_id not in results[q].unmonitored}
        for q, table in tables.items()
    }
    for unit in config.units:
        scores = {Quarter(year, q): by_unit.get(q, {}).get(unit.id) for q in (1, 2, 3, 4)}
        scored = {q: s for q, s in scores.items() if s is not None}
        result = annual_result(scored, assessment.get(unit.id) if assessment else None, rulebook, year=year)
        row: list[Any] = [
            unit.name,
            *(_shown(s, NO_DATA) for s in scores.values()),
            _shown(result.daily, NO_DATA),
        ]
        if assessment is not None:
            row += [_shown(result.assessment), _shown(result.composite)]
        rows.append(row)
        payload.append(
            {
                "unit": unit.id,
                "name": unit.name,
                "quarters": {str(q): s for q, s in scores.items()},
                "daily_monitoring": result.daily,
                "assessment": result.assessment,
                "composite": result.composite,
            }
        )
    return headers, rows, payload


def _shown(score: float | None, missing: str = "-") -> str:
    from freshwatch.scoring.table import format_score

    return format_score(score) if score is not None else missing


def import_file(app: App, path: Path) -> tuple[int, int]:
    from freshwatch.app.deduction_sheet import parse_deductions

    config = app.config()
    titles = dict.fromkeys(c.title for rulebook in app.rulebooks() for c in rulebook.table)

    def quarter_of(day: date) -> Quarter | None:
        try:
            return bookable_quarter(app, day, "日期")
        except InputError:
            return None

    entries = parse_deductions(
        path,
        unit_ids_by_name={u.name: u.id for u in config.units} | {u.id: u.id for u in config.units},
        table_titles=list(titles),
        quarter_of=quarter_of,
        most=min(rulebook.base_score for rulebook in app.rulebooks()),
        limits=config.imports,
    )
    app.remember_registry()
    added = skipped = 0
    now = utc_now()
    with app.store().session() as session:
        for entry in entries:
            new_id = storage.add_manual(
                session,
                unit_id=entry.unit_id,
                day=entry.day,
                points=entry.points,
                column=entry.column,
                reason=entry.reason,
                source_id=entry.source_id,
                author=f"import:{path.name}",
                import_key=entry.import_key,
                at=now,
            )
            if new_id is None:
                skipped += 1
            else:
                added += 1
    return added, skipped
