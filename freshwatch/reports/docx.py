"""The notice as a Word draft the office edits and signs, laid out after GB/T 9704-2012.

Page: A4, margins 37/35/28/26 mm (top/bottom/left/right), 3号 (16 pt) 仿宋_GB2312 body on a fixed
29 pt line (22 lines a page), 2号 方正小标宋简体 title, 黑体 for 一、 headings, 楷体 for the （一）
lead sentences, "— 1 —" page numbers; the score table follows as 附件 on its own page.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.section import Section
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from freshwatch.reports.layout import chinese_date, display_width, header_layout
from freshwatch.reports.notice import NoticeReport
from freshwatch.reports.wordml import (
    BODY_FONT,
    HEADING_FONT,
    SUBHEADING_FONT,
    TITLE_FONT,
    add_page_number,
    keep_row_together,
    register_font_fallbacks,
    repeat_as_header,
    set_cell_margins,
    set_document_defaults,
    styled_run,
)
from freshwatch.safe_text import xml_text
from freshwatch.scoring.table import table_row

BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
TABLE_TITLE_SIZE = 18.0  # 小二
TABLE_SIZE = 9.0  # 小五: nine columns in the portrait type area
TABLE_PITCH = 13.0
CELL_SIDE_MM = 1.0
CELL_SLACK_MM = 3.0  # both sides plus room for glyphs a little wider than 1 em
NOTE_SIZE = 10.5  # 五号
SUBTITLE_SIZE = 12.0  # 小四
PAGE_NUMBER_SIZE = 14.0  # 四号
LINE_PITCH = 29.0  # 22 lines on the 225 mm type area
INDENT = 2 * BODY_SIZE  # 首行缩进两字
SIGNATURE_RIGHT = 4  # 成文日期右空四字
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
SUBHEADING = re.compile(r"（[一二三四五六七八九十]+）")
HEADINGS = ("一、总体情况", "二、存在的主要问题", "三、下一步工作要求")


def write_notice_docx(report: NoticeReport, path: str | Path) -> Path:
    document = new_document()
    set_document_defaults(document, BODY_FONT, BODY_SIZE)
    register_font_fallbacks(document)
    _page(document.sections[0])
    _heading_block(document, report)
    _body(document, report)
    _signature(document, report)
    _attachment(document, report)
    properties = document.core_properties
    properties.title, properties.author = xml_text(report.title), xml_text(report.office)
    properties.language = "zh-CN"
    target = Path(path)
    document.save(str(target))
    return target


def _page(section: Section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28) - Mm(7)  # the number sits 7 mm below the type area
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(footer, PAGE_NUMBER_SIZE)


def _paragraph(
    document: Document,
    *,
    indent: float = 0.0,
    align: WD_ALIGN_PARAGRAPH | None = None,
    pitch: float = LINE_PITCH,
) -> Paragraph:
    paragraph = document.add_paragraph()
    form = paragraph.paragraph_format
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(pitch)
    form.space_before = form.space_after = Pt(0)
    form.first_line_indent = Pt(indent) if indent else None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _text(
    document: Document, text: str, *, indent: float = 0.0, align: WD_ALIGN_PARAGRAPH | None = None
) -> Paragraph:
    paragraph = _paragraph(document, indent=indent, align=align)
    styled_run(paragraph, text, BODY_FONT, BODY_SIZE)
    return paragraph


def _heading_block(document: Document, report: NoticeReport) -> None:
    _paragraph(document)
    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=36)
    styled_run(title, report.title, TITLE_FONT, TITLE_SIZE)
    _text(document, report.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document)
    _text(document, report.addressee)
    for line in report.preamble:
        _text(document, line, indent=INDENT)


def _body(document: Document, report: NoticeReport) -> None:
    sections = (
        (HEADINGS[0], (report.overview,)),
        (HEADINGS[1], (report.problems,)),
        (HEADINGS[2], report.requirements),
    )
    for heading, paragraphs in sections:
        styled_run(_paragraph(document, indent=INDENT), heading, HEADING_FONT, BODY_SIZE)
        for text in paragraphs:
            _body_paragraph(document, text)
    _paragraph(document)
    label = "附件："
    attachment = _text(document, f"{label}{report.attachment_title}", indent=-len(label) * BODY_SIZE)
    attachment.paragraph_format.left_indent = Pt(INDENT + len(label) * BODY_SIZE)  # 回行与名称对齐


def _body_paragraph(document: Document, text: str) -> None:
    """（一）强化……。 A numbered lead sentence is set in 楷体, the rest in the body font."""
    paragraph = _paragraph(document, indent=INDENT)
    lead, stop, rest = text.partition("。")
    if SUBHEADING.match(text) and stop:
        styled_run(paragraph, lead + stop, SUBHEADING_FONT, BODY_SIZE)
        styled_run(paragraph, rest, BODY_FONT, BODY_SIZE)
    else:
        styled_run(paragraph, text, BODY_FONT, BODY_SIZE)


def _signature(document: Document, report: NoticeReport) -> None:
    """The office name is centred over the date, the date four characters in from the right."""
    day = chinese_date(report.date)
    day_width = display_width(day) / 2
    office_width = display_width(report.office) / 2
    office_right = max(SIGNATURE_RIGHT + (day_width - office_width) / 2, 0)
    for _ in range(3):
        _paragraph(document)
    for text, right in ((report.office, office_right), (day, SIGNATURE_RIGHT)):
        paragraph = _text(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(right * BODY_SIZE)


def _attachment(document: Document, report: NoticeReport) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_like(section)
    label = _paragraph(document)
    styled_run(label, "附件", HEADING_FONT, BODY_SIZE)
    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=32)
    styled_run(title, report.attachment_title, TITLE_FONT, TABLE_TITLE_SIZE)
    subtitle = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=24)
    styled_run(subtitle, report.attachment_subtitle, BODY_FONT, SUBTITLE_SIZE)
    _score_table(document, report)
    if report.notes:
        for index, line in enumerate(("备注：", *report.notes)):
            note = _paragraph(document, pitch=15)
            if index == 0:
                note.paragraph_format.space_before = Pt(6)
            styled_run(note, line, BODY_FONT, NOTE_SIZE)


def _page_like(section: Section) -> None:
    """A new section inherits the first one's page and footer; nothing else to set."""
    section.footer.is_linked_to_previous = True


def _score_table(document: Document, report: NoticeReport) -> Table:
    table = report.table
    layout = header_layout(table.titles, report.rulebook)
    grid = document.add_table(rows=layout.rows + len(table.rows), cols=layout.columns)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_cell_margins(grid, CELL_SIDE_MM)
    for spec in layout.cells:
        cell = grid.cell(spec.row, spec.col)
        if spec.row_span > 1 or spec.col_span > 1:
            cell = cell.merge(grid.cell(spec.last_row, spec.last_col))
        _cell_text(cell, spec.text, HEADING_FONT)
    body_rows = grid.rows[layout.rows :]
    for unit, row in zip(table.rows, body_rows, strict=True):
        for cell, value in zip(row.cells, table_row(unit), strict=True):
            _cell_text(cell, value, BODY_FONT)
    for row in grid.rows[: layout.rows]:
        repeat_as_header(row)
    for row in grid.rows:
        keep_row_together(row)
    longest = max([display_width(row.unit_name) for row in table.rows] or [8])
    _column_widths(grid, layout.columns, Pt(longest / 2 * TABLE_SIZE) + Mm(CELL_SLACK_MM))
    return grid


def _cell_text(cell: _Cell, text: str, font: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    form = paragraph.paragraph_format
    form.space_before = form.space_after = Pt(0)
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(TABLE_PITCH)
    form.first_line_indent = None
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = styled_run(paragraph, line, font, TABLE_SIZE)
        if number < len(lines) - 1:
            run.add_break()


def _column_widths(grid: Table, columns: int, first: int) -> None:
    """单位 gets the room for the longest name; the number columns share the rest."""
    usable = Mm(210 - MARGINS_MM["left"] - MARGINS_MM["right"])
    other = int((usable - first) / (columns - 1))
    widths = [first, *([other] * (columns - 1))]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for tr in grid._tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Emu(sum(widths[start : start + span]))
            start += span
