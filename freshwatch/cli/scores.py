"""``score``, ``deduct``, ``deductions`` and ``import-deductions``: the quarterly table and its inputs."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import replace
from pathlib import Path

import click

from freshwatch import storage
from freshwatch.app.clock import local_date, utc_now, zone
from freshwatch.app.context import App
from freshwatch.app.errors import InputError
from freshwatch.app.quarters import (
    annual_rows,
    export_table,
    quarter_result,
    read_assessment,
)
from freshwatch.app.read_models import selected_units
from freshwatch.cli.chinese import ChineseGroup
from freshwatch.cli.output import dumps, echo, print_json, print_table, say
from freshwatch.cli.params import parse_day, parse_quarter, pass_app
from freshwatch.reports.wording import NO_DATA, manual_column_hint
from freshwatch.safe_text import cell_text
from freshwatch.scoring.types import Quarter, QuarterTable

FORMATS = ["table", "csv", "json", "xlsx", "docx"]


@click.command()
@click.option("--quarter", "quarter_text", metavar="YYYYQn", help="季度，例如 2018Q4")
@click.option("--year", type=int, metavar="YYYY", help="年度结果：四个季度得分及其平均值")
@click.option(
    "--annual-assessment",
    "assessment_file",
    type=click.Path(dir_okay=False),
    metavar="CSV文件",
    help="年终考评得分 CSV（单位,得分），给出时计算综合得分",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="输出格式：table 表格，csv、json，xlsx 电子表格，docx 通报草稿",
)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), metavar="文件", help="写入文件（xlsx、docx 必须指定）"
)
@click.option(
    "--unit",
    "unit_id",
    metavar="ID",
    help="只看一个单位：表格、csv、json 只列该单位一行；配合 --explain 列出其扣分依据",
)
@click.option("--explain", is_flag=True, help="列出每一项扣分的依据")
@click.option("--freeze", is_flag=True, help="冻结该季度的得分表，以后修改规则不再影响已发布结果")
@pass_app
def score(
    app: App,
    quarter_text: str | None,
    year: int | None,
    assessment_file: str | None,
    fmt: str,
    out: str | None,
    unit_id: str | None,
    explain: bool,
    freeze: bool,
) -> None:
    """季度得分表（100 减扣分），或 --year 的年度结果。"""
    if (quarter_text is None) == (year is None):
        raise InputError("请指定 --quarter（如 2018Q4）或 --year（如 2018）之一")
    if year is not None:
        _annual(app, year, assessment_file, fmt, out, freeze or explain)
        return
    quarter = parse_quarter(quarter_text or "")
    if unit_id is not None:
        selected_units(app.config(), [unit_id])  # an unknown id is refused, naming the known ones
        if fmt in ("xlsx", "docx") and not explain:
            raise InputError(
                f"--unit 不能与 --format {fmt} 同用（{fmt} 是全区的整份结果）；"
                "只看一个单位请用 --format table/csv/json，或加 --explain"
            )
    result = quarter_result(app, quarter, freeze=freeze)
    if result.unmonitored:
        names = {u.id: u.name for u in app.config().units}
        say(
            f"注意：{len(result.unmonitored)} 个单位在 {quarter} {NO_DATA}（没有抓取记录），"
            "表中其得分不代表监测结果：" + "、".join(names.get(u, u) for u in result.unmonitored)
        )
    if freeze:
        say(f"{quarter} 得分表已冻结（规则：{result.table.rulebook_name}）。")
    elif result.frozen and result.frozen_at is not None:
        frozen_on = local_date(result.frozen_at, zone(app.config()))
        say(f"{quarter} 得分表已于 {frozen_on} 冻结，以下为冻结时的结果（规则：{result.rulebook.name}）。")
    if explain:
        from freshwatch.reports.text import explain_lines

        for unit in selected_units(app.config(), [unit_id] if unit_id else None):
            for line in explain_lines(result.table, unit.id, result.rulebook):
                echo(line)
        return
    if fmt in ("xlsx", "docx") and not out:
        raise InputError(f"--format {fmt} 需要 --out 文件路径")
    if unit_id is not None:
        result = replace(result, table=one_unit(result.table, unit_id))
    text = export_table(app, result, fmt, Path(out) if out else None)
    if text is not None:
        if out:
            Path(out).write_text(text, encoding="utf-8")
        else:
            echo(text, nl=not text.endswith("\n"))
    if out:
        say(f"已写入 {out}")


def one_unit(table: QuarterTable, unit_id: str) -> QuarterTable:
    """The table cut to one unit's row (its rank stays the district's)."""
    return replace(
        table,
        rows=tuple(r for r in table.rows if r.unit_id == unit_id),
        deductions=tuple(d for d in table.deductions if d.unit_id == unit_id),
    )


def _annual(
    app: App, year: int, assessment_file: str | None, fmt: str, out: str | None, quarterly: bool
) -> None:
    if quarterly or fmt in ("xlsx", "docx"):
        raise InputError("--year 只支持 --format table、csv 或 json；--freeze、--explain 需配合 --quarter")
    most = app.rulebook_for(Quarter(year, 4)).base_score
    assessment = read_assessment(Path(assessment_file), app.config(), most=most) if assessment_file else None
    headers, rows, payload = annual_rows(app, year, assessment)
    if fmt == "table" and not out:
        print_table(f"{year} 年度网站监测结果", headers, rows)
        return
    if fmt == "json":
        text = dumps(payload) + "\n"
    else:
        buffer = io.StringIO()
        safe = [[cell_text(row[0]), *row[1:]] for row in rows]  # the unit name is the one text cell
        csv.writer(buffer, lineterminator="\n").writerows([headers, *safe])
        text = buffer.getvalue()
    if out:
        Path(out).write_text(text, encoding="utf-8")
        say(f"已写入 {out}")
    else:
        click.echo(text, nl=False)


@click.command()
@click.option("--unit", "unit_id", required=True, metavar="ID", help="单位 ID")
@click.option("--points", "points_text", required=True, metavar="P", help="扣分（正数）")
@click.option("--date", "day_text", required=True, metavar="YYYY-MM-DD", help="问题发现日期")
@click.option("--reason", required=True, metavar="文字", help="扣分原因")
@click.option("--column", "column", metavar="列名", help=manual_column_hint())
@click.option("--source-id", metavar="编号", help="来源编号（如第三方报告中的编号）")
@click.option("--author", metavar="姓名", help="登记人")
@pass_app
def deduct(
    app: App,
    unit_id: str,
    points_text: str,
    day_text: str,
    reason: str,
    column: str | None,
    source_id: str | None,
    author: str | None,
) -> None:
    """登记一条人工扣分（政务公开科日常监测等）。"""
    from freshwatch.app.quarters import bookable_quarter, manual_column

    selected_units(app.config(), [unit_id])  # an unknown id is refused, naming the known ones
    day = parse_day(day_text, "--date")
    assert day is not None
    quarter = bookable_quarter(app, day, "--date")
    rulebook = app.rulebook_for(quarter)
    points = _points(points_text, rulebook.base_score)
    title = manual_column(rulebook, column)
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("--reason 不能为空；请写明扣分原因")
    app.remember_registry()
    with app.store().session() as session:
        entry_id = storage.add_manual(
            session,
            unit_id=unit_id,
            day=day,
            points=points,
            column=title,
            reason=reason,
            source_id=source_id,
            author=author,
            at=utc_now(),
        )
    say(f"已登记扣分 #{entry_id}：{unit_id} {day} {points:g} 分（{title}）")


def _points(text: str, most: float) -> float:
    from freshwatch.app.deduction_sheet import points_allowed, points_ok

    try:
        points = float(text)
    except ValueError:
        points = math.nan
    if not points_ok(points, most):
        raise InputError(f"--points {text!r} 无效；{points_allowed(most)}")
    return points


@click.group(cls=ChineseGroup)
def deductions() -> None:
    """人工扣分：列出、撤销。"""


@deductions.command(name="list")
@click.option("--quarter", "quarter_text", metavar="YYYYQn", help="只列该季度的扣分，例如 2018Q4（默认全部）")
@click.option("--all", "include_withdrawn", is_flag=True, help="包括已撤销的")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_app
def list_deductions(app: App, quarter_text: str | None, include_withdrawn: bool, as_json: bool) -> None:
    """列出人工扣分。"""
    quarter = parse_quarter(quarter_text) if quarter_text else None
    with app.store().session() as session:
        entries = storage.manual_entries(
            session,
            start=quarter.start if quarter else None,
            end=quarter.end if quarter else None,
            include_withdrawn=include_withdrawn,
        )
    if as_json:
        print_json(entries)
        return
    print_table(
        "人工扣分",
        ["编号", "单位", "日期", "扣分", "列", "原因", "来源编号"],
        [
            (e.entry_id, e.unit_id, e.day, f"{e.points:g}", e.column, e.reason, e.source_id or "")
            for e in entries
        ],
    )


@deductions.command(name="withdraw")
@click.argument("entry_id", type=int, metavar="编号")
@click.option("--reason", required=True, metavar="文字", help="撤销原因（保留记录）")
@pass_app
def withdraw_deduction(app: App, entry_id: int, reason: str) -> None:
    """撤销一条人工扣分（记录保留，不再计分）。"""
    from freshwatch.app.quarters import bookable_quarter

    with app.store().session() as session:
        entry = storage.manual_entry(session, entry_id)
    if entry is not None and entry.withdrawn_at is not None:
        withdrawn_on = local_date(entry.withdrawn_at, zone(app.config()))
        raise InputError(f"人工扣分记录 {entry_id} 已于 {withdrawn_on} 撤销（{entry.withdraw_reason}）")
    if entry is not None:
        bookable_quarter(app, entry.day, f"扣分 #{entry_id} 的日期", allow_future=True)
    with app.store().session() as session:
        storage.withdraw_manual(session, entry_id, reason=reason, at=utc_now())
    say(f"已撤销扣分 #{entry_id}")


@click.command(name="import-deductions")
@click.argument("file", metavar="CSV文件")
@pass_app
def import_deductions(app: App, file: str) -> None:
    """从 CSV 导入扣分（第三方监测报告或日常检查）；重复导入同一文件不会重复计分。"""
    from freshwatch.app.quarters import import_file

    if not Path(file).is_file():
        raise InputError(f"文件不存在：{file}")
    added, skipped = import_file(app, Path(file))
    say(f"导入完成：新增 {added} 条，已存在跳过 {skipped} 条")


COMMANDS = [score, deduct, deductions, import_deductions]
