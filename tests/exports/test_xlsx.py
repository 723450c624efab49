"""The spreadsheet opened back with openpyxl: values, merges, formats, fonts, print settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Rulebook
from freshwatch.reports.xlsx import number_format, write_xlsx
from freshwatch.scoring.types import Quarter, QuarterTable, UnitRow
from tests.exports.conftest import TITLE

FIRST_DATA_ROW = 5  # title, subtitle, two header rows


@pytest.fixture(scope="module")
def sheet(table: QuarterTable, rulebook: Rulebook, out_dir: Path) -> Worksheet:
    path = write_xlsx(table, rulebook, out_dir / "table.xlsx", title=TITLE)
    worksheet = load_workbook(path).active
    assert worksheet is not None
    return worksheet


def shown(value: float, fmt: str) -> str:
    """What Excel displays for the plain 0 / 0.0 / 0.00 formats the exporter writes."""
    decimals = len(fmt.partition(".")[2])
    return f"{value:.{decimals}f}"


def test_data_cells_equal_the_notice_csv(sheet: Worksheet, seed_rows: list[list[str]]) -> None:
    header, *rows = seed_rows
    assert sheet.max_column == len(header)
    for offset, expected in enumerate(rows):
        cells = [sheet.cell(row=FIRST_DATA_ROW + offset, column=col + 1) for col in range(len(header))]
        assert cells[0].value == expected[0]
        for cell, text in zip(cells[1:], expected[1:], strict=True):
            assert isinstance(cell.value, (int, float)), f"{cell.coordinate} must be a number"
            assert cell.value == pytest.approx(float(text))
            assert shown(cell.value, cell.number_format) == text, cell.coordinate


def test_grouped_header_is_merged_like_the_notice(sheet: Worksheet) -> None:
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:I1", "A2:I2", "A3:A4", "B3:E3", "F3:F4", "G3:G4", "H3:H4", "I3:I4"} <= merged
    assert sheet["B3"].value == "市信息公开平台"
    assert [sheet.cell(row=4, column=c).value for c in range(2, 6)] == [
        "工作动态\n（预警扣分）",
        "通知公告\n（预警扣分）",
        "部门文件\n（预警扣分）",
        "规划计划\n（预警扣分）",
    ]
    assert (sheet["A3"].value, sheet["F3"].value, sheet["H3"].value, sheet["I3"].value) == (
        "单位",
        "第三方监测报告",
        "季度扣分",
        "季度得分",
    )


def test_title_subtitle_and_notes(sheet: Worksheet) -> None:
    assert sheet["A1"].value == TITLE
    assert sheet["A2"].value == "（信息更新监测时间节点：2018年10月1日-12月31日）"
    notes = sheet.cell(row=FIRST_DATA_ROW + 28, column=1).value
    assert notes.startswith("备注：")
    assert "年终考评分值占60%" in notes and "日常监测分值占40%" in notes
    assert "规划计划、人事信息类预警一次扣5分" in notes and "每个扣0.05分" in notes
    assert f"A{FIRST_DATA_ROW + 28}:I{FIRST_DATA_ROW + 28}" in {str(r) for r in sheet.merged_cells.ranges}


def test_scores_show_two_decimals_and_fonts_borders(sheet: Worksheet) -> None:
    hbfj = FIRST_DATA_ROW + 20  # 区环保分局
    assert sheet.cell(row=hbfj, column=1).value == "区环保分局"
    assert sheet.cell(row=hbfj, column=9).number_format == "0.00"
    assert sheet.cell(row=hbfj, column=8).number_format == "0.0"  # 6.5
    assert sheet.cell(row=FIRST_DATA_ROW, column=9).number_format == "0.0"  # 100.0
    for coordinate in ("A1", "B3", "B4", "A5", "I25"):
        assert sheet[coordinate].font.name == "宋体"
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 16
    assert sheet["E3"].border.top.style == "thin"  # inside the merged group heading too
    assert sheet["I32"].border.bottom.style == "thin"
    assert sheet.column_dimensions["A"].width >= 24  # 区城乡环境卫生管理中心 is 22 columns wide


def test_a4_landscape_fit_to_width_and_repeated_header(sheet: Worksheet) -> None:
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.freeze_panes == "B5"


def test_ungrouped_rulebook_has_one_header_row(out_dir: Path) -> None:
    national = load_rulebook("national")
    titles = tuple(column.title for column in national.table)
    row = UnitRow("a", "甲单位", tuple(0.0 for _ in titles), 0.0, 100.0)
    table = QuarterTable(Quarter(2019, 1), titles, (row,))
    sheet = load_workbook(write_xlsx(table, national, out_dir / "national.xlsx", title="t")).active
    assert sheet is not None
    assert sheet["A3"].value == "单位" and sheet["B3"].value == "首页更新"
    assert sheet["A4"].value == "甲单位"
    assert "A3:A4" not in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.print_title_rows == "$3:$3"
    assert sheet["A2"].value == "（信息更新监测时间节点：2019年1月1日-3月31日）"


@pytest.mark.parametrize(("text", "fmt"), [("0", "0"), ("0.45", "0.00"), ("0.5", "0.0"), ("100.0", "0.0")])
def test_number_format_keeps_the_printed_decimals(text: str, fmt: str) -> None:
    assert number_format(text) == fmt
