"""The score table as the office's spreadsheet, laid out like the notice's attachment.

Numbers stay numbers (so the office can sum or sort them) and each cell gets a number format that
displays exactly what the notice prints (``0.45``, ``0.5``, ``100.0``, ``99.50``): the text comes
from scoring's own formatters, so the spreadsheet, the CSV and the terminal never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from freshwatch.config.models import Rulebook
from freshwatch.reports.layout import HeaderLayout, display_width, header_layout, remarks, table_subtitle
from freshwatch.safe_text import FORMULA_STARTS, xml_text
from freshwatch.scoring.table import table_row
from freshwatch.scoring.types import QuarterTable

FONT_NAME = "宋体"
TITLE_ROW = 1
SUBTITLE_ROW = 2
HEADER_ROW = 3
HEADER_ROW_HEIGHT = 32  # points: two lines of 11 pt text
DATA_ROW_HEIGHT = 17
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_xlsx(
    table: QuarterTable,
    rulebook: Rulebook,
    path: str | Path,
    *,
    title: str,
    subtitle: str | None = None,
    notes: Sequence[str] | None = None,
) -> Path:
    """Write the table; ``notes`` replaces the 备注 written from the rulebook."""
    layout = header_layout(table.titles, rulebook)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = str(table.quarter)
    _banner(sheet, TITLE_ROW, title, layout.columns, Font(name=FONT_NAME, size=16, bold=True))
    _banner(
        sheet,
        SUBTITLE_ROW,
        subtitle or table_subtitle(table.quarter),
        layout.columns,
        Font(name=FONT_NAME, size=11),
    )
    _header(sheet, layout)
    first_data = HEADER_ROW + layout.rows
    _rows(sheet, table, first_data)
    _notes(
        sheet, first_data + len(table.rows), layout.columns, notes if notes is not None else remarks(rulebook)
    )
    _widths(sheet, table, layout)
    _print_setup(sheet, layout)
    target = Path(path)
    book.save(target)
    return target


def _banner(sheet: Worksheet, row: int, text: str, columns: int, font: Font) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = text_cell(sheet, row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[row].height = 30 if row == TITLE_ROW else 20


def _header(sheet: Worksheet, layout: HeaderLayout) -> None:
    font = Font(name=FONT_NAME, size=11, bold=True)
    for spec in layout.cells:
        top, left = HEADER_ROW + spec.row, 1 + spec.col
        bottom, right = HEADER_ROW + spec.last_row, 1 + spec.last_col
        if (top, left) != (bottom, right):
            sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
        text_cell(sheet, top, left, spec.text)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                cell = sheet.cell(row=row, column=col)
                cell.font, cell.alignment, cell.border = font, _CENTER, _BORDER
    for offset in range(layout.rows):
        sheet.row_dimensions[HEADER_ROW + offset].height = HEADER_ROW_HEIGHT


def _rows(sheet: Worksheet, table: QuarterTable, first: int) -> None:
    font = Font(name=FONT_NAME, size=11)
    for index, unit in enumerate(table.rows):
        row = first + index
        name_text, *numbers = table_row(unit)
        name = text_cell(sheet, row, 1, name_text)
        name.font, name.border = font, _BORDER
        name.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for offset, shown in enumerate(numbers):
            cell = sheet.cell(row=row, column=2 + offset, value=float(shown))
            cell.number_format = number_format(shown)
            cell.font, cell.alignment, cell.border = font, _CENTER, _BORDER
        sheet.row_dimensions[row].height = DATA_ROW_HEIGHT


def text_cell(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A cell that holds ``text`` as text, never as a formula, and only characters XML allows.

    openpyxl makes any string starting with ``=`` a formula; the type is set back to string and
    the cell marked quote-prefixed, as Excel marks text typed with a leading apostrophe.
    """
    cell = sheet.cell(row=row, column=column, value=xml_text(text))
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def number_format(shown: str) -> str:
    """The Excel format that displays a number exactly as ``shown`` (as many decimals)."""
    _, dot, decimals = shown.partition(".")
    return "0." + "0" * len(decimals) if dot else "0"


def _notes(sheet: Worksheet, row: int, columns: int, lines: Sequence[str]) -> None:
    if not lines:
        return
    text = "备注：\n" + "\n".join(lines)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = text_cell(sheet, row, 1, text)
    cell.font = Font(name=FONT_NAME, size=10)
    cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    chars_per_line = 170  # about what one landscape A4 line holds at 10 pt after fit-to-width
    wrapped = sum(1 + display_width(line) // chars_per_line for line in text.split("\n"))
    sheet.row_dimensions[row].height = 15 * wrapped


def _widths(sheet: Worksheet, table: QuarterTable, layout: HeaderLayout) -> None:
    widths = [0] * layout.columns
    for spec in layout.cells:
        if spec.col_span == 1:
            longest = max(display_width(line) for line in spec.text.split("\n"))
            widths[spec.col] = max(widths[spec.col], longest)
    names = [display_width(row.unit_name) for row in table.rows]
    widths[0] = max([widths[0], *names])
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(width + 2, 8)


def _print_setup(sheet: Worksheet, layout: HeaderLayout) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    last_header = HEADER_ROW + layout.rows - 1
    sheet.print_title_rows = f"{HEADER_ROW}:{last_header}"
    sheet.freeze_panes = sheet.cell(row=last_header + 1, column=2)
