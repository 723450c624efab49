"""Names from outside reach spreadsheets as text and documents without breaking them (issue 12)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from freshwatch.config.models import Rulebook
from freshwatch.reports.docx import write_notice_docx
from freshwatch.reports.notice import build_notice_report
from freshwatch.reports.notice_template import load_notice_template
from freshwatch.reports.xlsx import write_xlsx
from freshwatch.scoring.table import table_csv
from freshwatch.scoring.types import QuarterTable
from tests.exports.conftest import OFFICE, TITLE, passing
from tests.exports.seed2018 import UNITS

FORMULAS = ['=HYPERLINK("http://x.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
CONTROLS = "区\x00环保\x0b分局\x1f\x0c"


def hostile(table: QuarterTable) -> QuarterTable:
    names = [*FORMULAS, CONTROLS]
    rows = tuple(
        dataclasses.replace(row, unit_name=names[i]) if i < len(names) else row
        for i, row in enumerate(table.rows)
    )
    return dataclasses.replace(table, rows=rows)


def test_csv_text_cells_that_look_like_formulas_get_an_apostrophe(table: QuarterTable) -> None:
    rows = list(csv.reader(io.StringIO(table_csv(hostile(table)), newline="")))
    names = [row[0] for row in rows[1 : len(FORMULAS) + 1]]
    assert names == ["'" + name for name in FORMULAS]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row[:1])
    assert all(float(cell) >= 0 for row in rows[1:] for cell in row[1:])  # numbers untouched


def test_xlsx_never_holds_a_formula_and_keeps_numbers_numbers(
    table: QuarterTable, rulebook: Rulebook, tmp_path: Path
) -> None:
    path = write_xlsx(hostile(table), rulebook, tmp_path / "t.xlsx", title=TITLE)
    sheet = load_workbook(path).active
    assert sheet is not None
    names = [sheet.cell(row=5 + i, column=1) for i in range(len(FORMULAS) + 1)]
    assert all(cell.data_type == "s" for cell in names)
    assert [cell.value for cell in names[: len(FORMULAS)]] == FORMULAS  # the text itself, as text
    assert names[len(FORMULAS)].value == "区环保分局"
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert isinstance(sheet.cell(row=5, column=2).value, int | float)


def test_a_control_character_in_a_name_never_blocks_the_notice(
    table: QuarterTable, rulebook: Rulebook, tmp_path: Path
) -> None:
    report = build_notice_report(
        hostile(table),
        [passing(unit_id) for unit_id, _ in UNITS],
        rulebook=rulebook,
        template=load_notice_template(),
        office=OFFICE + "\x00",
        today=date(2019, 1, 12),
    )
    path = write_notice_docx(report, tmp_path / "notice.docx")
    text = "\n".join(cell.text for t in Document(str(path)).tables for row in t.rows for cell in row.cells)
    assert "区环保分局" in text and "\x00" not in text


def test_the_seed_table_has_nothing_to_neutralise(table: QuarterTable) -> None:
    assert "'" not in table_csv(table)  # so the demo's CSV stays byte-identical to the seed
