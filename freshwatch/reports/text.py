"""The score table and its evidence for a terminal.

Columns are padded by display width (a Chinese character takes two cells), not by ``len``, or the
table would shear on every line with a unit name.
"""

from __future__ import annotations

from collections.abc import Sequence

from freshwatch.app.errors import InputError
from freshwatch.config.models import Rulebook
from freshwatch.reports.layout import display_width, title_of
from freshwatch.reports.wording import (
    FINDING_KIND_LABELS,
    error_label,
    finding_text,
    kind_label,
    source_label,
)
from freshwatch.scoring.table import format_points, format_score, table_header, table_row, unit_deductions
from freshwatch.scoring.types import BrokenLink, ContentIssue, Deduction, QuarterTable

GAP = "  "
FOUND_ON_SHOWN = 3  # a site-wide broken menu link is on every page; the JSON export lists them all


def table_text(table: QuarterTable) -> str:
    header = table_header(table)
    body = [table_row(row) for row in table.rows]
    widths = [max(display_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [_line(header, widths, numeric=False)]
    lines.append(GAP.join("-" * width for width in widths))
    lines.extend(_line(values, widths, numeric=True) for values in body)
    return "\n".join(lines) + "\n"


def _line(values: Sequence[str], widths: Sequence[int], *, numeric: bool) -> str:
    cells = []
    for index, (value, width) in enumerate(zip(values, widths, strict=True)):
        pad = " " * (width - display_width(value))
        cells.append(pad + value if numeric and index > 0 else value + pad)
    return GAP.join(cells).rstrip()


def explain_lines(table: QuarterTable, unit_id: str, rulebook: Rulebook | None = None) -> list[str]:
    """Every point of one unit's row traced to its evidence, in Chinese, one finding a line."""
    row = next((r for r in table.rows if r.unit_id == unit_id), None)
    if row is None:
        known = ", ".join(r.unit_id for r in table.rows)
        raise InputError(f"单位 {unit_id!r} 不在 {table.quarter} 得分表中；表中单位：{known}")
    lines = [
        f"{row.unit_name}（{row.unit_id}）{table.quarter}：季度扣分 {format_points(row.total)}，"
        f"季度得分 {format_score(row.score)}"
    ]
    deductions = unit_deductions(table, unit_id)
    if not deductions:
        lines.append("本季度没有扣分。")
    for deduction in deductions:
        lines.extend(_deduction_lines(deduction, title_of(deduction, rulebook)))
    counted = {(c.kind, c.url, c.detail, c.masked) for d in deductions for c in d.content}
    reported = [
        f
        for f in table.findings
        if f.unit_id == unit_id and (f.kind, f.url, f.detail, f.masked) not in counted
    ]
    if reported:
        lines.append(f"内容问题（仅报告，不扣分，{len(reported)} 个）：")
        lines.extend(_finding_lines(reported))
    return lines


def _finding_lines(findings: list[ContentIssue]) -> list[str]:
    lines = []
    for finding in findings:
        head, details = finding_text(finding)
        lines.append(
            f"    · {FINDING_KIND_LABELS.get(finding.kind, finding.kind)}：{head}；{'；'.join(details)}"
        )
    return lines


def _deduction_lines(deduction: Deduction, title: str | None) -> list[str]:
    head = f"- [{title or source_label(deduction.source)}] "
    points = f"扣 {format_points(deduction.points)} 分"
    if deduction.warning is not None:
        warning, trigger = deduction.warning, deduction.warning.trigger
        repeat = f"（第{trigger.repeat_index}次预警）" if trigger.repeat_index > 1 else ""
        return [
            f"{head}栏目“{warning.column_name}”（{warning.category.label}）最后更新 {trigger.anchor}，"
            f"应在 {trigger.due} 前更新，{trigger.day} 触发预警{repeat}，{points}；{warning.column_url}"
        ]
    if deduction.links:
        lines = [f"{head}失效链接 {len(deduction.links)} 个，{points}"]
        lines.extend(_link_line(link) for link in deduction.links)
        return lines
    if deduction.blank_column is not None:
        column = deduction.blank_column
        seen = f"，{column.blank_days[0]} 至 {column.blank_days[-1]} 检查时为空" if column.blank_days else ""
        return [f"{head}空白栏目“{column.column_name}”{seen}，{points}；{column.column_url}"]
    if deduction.manual is not None:
        entry = deduction.manual
        who = entry.author or "未署名"
        source = f"，来源编号 {entry.source_id}" if entry.source_id else ""
        return [f"{head}{entry.day} {who} 录入（第{entry.entry_id}号{source}）：{entry.reason}，{points}"]
    if deduction.content:
        label = FINDING_KIND_LABELS.get(deduction.content[0].kind, deduction.table_source)
        return [
            f"{head}{label} {len(deduction.content)} 个，{points}",
            *_finding_lines(list(deduction.content)),
        ]
    note = f"：{deduction.note}" if deduction.note else ""
    return [f"{head}{source_label(deduction.source)}{note}，{points}"]


def _link_line(link: BrokenLink) -> str:
    status = f"HTTP {link.status}" if link.status is not None else ""
    error = "，".join(part for part in (status, error_label(link.error)) if part)
    shown = "、".join(link.found_on[:FOUND_ON_SHOWN]) or "未知页面"
    found = f"{shown} 等 {len(link.found_on)} 个页面" if len(link.found_on) > FOUND_ON_SHOWN else shown
    kind = kind_label(link.kind)
    return f"    · {link.url}（{kind}，{error}）发现于 {found}；首次 {link.first_seen}，最后 {link.last_seen}"
