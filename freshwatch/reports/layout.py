"""What the xlsx and the docx attachment share: the grouped header, the labels and the 备注.

The score table's header is two rows when the rulebook groups columns (the notice puts the four
预警扣分 columns under 市信息公开平台); computing the merged cells once keeps the spreadsheet and the
Word table identical.  Everything is derived from the table's titles and the rulebook, so a new
rulebook layout needs no code.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from freshwatch.config.models import Category, Rulebook, TableColumn
from freshwatch.scoring.table import SCORE_HEADER, TOTAL_HEADER, UNIT_HEADER
from freshwatch.scoring.types import Deduction, Quarter

QUARTER_NUMERALS = ("一", "二", "三", "四")


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One (possibly merged) header cell; rows and columns count from 0 within the header block."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    rows: int  # 1 without groups, 2 with
    columns: int  # 单位 + titles + 季度扣分 + 季度得分
    cells: tuple[HeaderCell, ...]


def column_specs(titles: Sequence[str], rulebook: Rulebook | None) -> tuple[TableColumn | None, ...]:
    """The rulebook column behind each title; None where a frozen table outlived its rulebook."""
    by_title = {column.title: column for column in rulebook.table} if rulebook else {}
    return tuple(by_title.get(title) for title in titles)


def header_layout(titles: Sequence[str], rulebook: Rulebook | None) -> HeaderLayout:
    specs = column_specs(titles, rulebook)
    grouped = any(spec is not None and spec.group for spec in specs)
    rows = 2 if grouped else 1
    cells: list[HeaderCell] = [HeaderCell(UNIT_HEADER, 0, 0, row_span=rows)]
    index = 0
    while index < len(titles):
        spec = specs[index]
        group = spec.group if spec is not None else None
        col = index + 1
        if group:
            span = 1
            while index + span < len(titles) and _group_of(specs[index + span]) == group:
                span += 1
            cells.append(HeaderCell(group, 0, col, col_span=span))
            for offset in range(span):
                cells.append(
                    HeaderCell(_titled(titles[index + offset], specs[index + offset]), 1, col + offset)
                )
            index += span
            continue
        cells.append(HeaderCell(_titled(titles[index], spec), 0, col, row_span=rows))
        index += 1
    count = len(titles) + 3
    cells.append(HeaderCell(TOTAL_HEADER, 0, count - 2, row_span=rows))
    cells.append(HeaderCell(SCORE_HEADER, 0, count - 1, row_span=rows))
    return HeaderLayout(rows=rows, columns=count, cells=tuple(cells))


def _group_of(spec: TableColumn | None) -> str | None:
    return spec.group if spec is not None else None


def _titled(title: str, spec: TableColumn | None) -> str:
    if spec is not None and spec.note:
        return f"{title}\n（{spec.note}）"
    return title


def quarter_label(quarter: Quarter) -> str:
    """2018年第四季度: the way the notice names a quarter."""
    return f"{quarter.year}年第{QUARTER_NUMERALS[quarter.number - 1]}季度"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def quarter_span_label(quarter: Quarter) -> str:
    """2018年10月1日-12月31日: the year is said once, as in the notice."""
    start, end = quarter.start, quarter.end
    return f"{chinese_date(start)}-{end.month}月{end.day}日"


def table_title(quarter: Quarter, scope: str = "全区") -> str:
    return f"{quarter_label(quarter)}{scope}政府网站（频道）监测得分表"


def table_subtitle(quarter: Quarter) -> str:
    return f"（信息更新监测时间节点：{quarter_span_label(quarter)}）"


def remarks(rulebook: Rulebook) -> tuple[str, ...]:
    """The 备注 under the table, written from the rulebook's own numbers."""
    annual = rulebook.annual
    lines = [
        f"1.政府网站考评按百分制计分，年终考评分值占{_percent(annual.assessment_weight)}，"
        f"日常监测分值占{_percent(annual.monitoring_weight)}。每季度监测得分以百分制计分"
        f"（基础分{_number(rulebook.base_score)}分），按照监测指标要求逐项核算扣分项目方式计取得分。"
    ]
    freshness = _freshness_sentence(rulebook)
    links = rulebook.links
    lines.append(
        f"2.栏目信息更新扣分说明：{freshness}。链接、附件无法访问的，每个扣{_number(links.deduct_each)}分，"
        f"每季度最多扣{_number(links.cap)}分；空白栏目每个扣{_number(rulebook.blank_column.deduct)}分。"
    )
    return tuple(lines)


def _freshness_sentence(rulebook: Rulebook) -> str:
    by_points: dict[float, list[Category]] = {}
    for category, rule in rulebook.freshness.items():
        by_points.setdefault(rule.deduct, []).append(category)
    parts = [
        f"{'、'.join(category.label for category in categories)}类预警一次扣{_number(points)}分"
        for points, categories in sorted(by_points.items())
    ]
    return "，".join(parts)


def _number(value: float) -> str:
    return f"{value:g}"


def _percent(weight: float) -> str:
    return f"{weight * 100:g}%"


def display_width(text: str) -> int:
    """A CJK character takes two columns of a Latin digit, in a terminal and in Excel."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def title_of(deduction: Deduction, rulebook: Rulebook | None) -> str | None:
    """The table column a deduction is booked under; a manual entry names its own."""
    if deduction.manual is not None:
        return deduction.manual.column
    if rulebook is None:
        return None
    source = deduction.table_source
    return next((column.title for column in rulebook.table if source in column.from_), None)
