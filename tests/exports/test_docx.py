"""The Word draft opened back with python-docx: text, fonts, page, and the attached table."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_document
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from freshwatch.reports.docx import write_notice_docx
from freshwatch.reports.notice import NoticeReport
from freshwatch.reports.wordml import east_asian_font
from tests.exports.conftest import OFFICE
from tests.exports.seed2018 import PROBLEM_UNITS, UNITS


@pytest.fixture(scope="module")
def document(report: NoticeReport, out_dir: Path) -> Document:
    return open_document(str(write_notice_docx(report, out_dir / "notice.docx")))


def paragraph(document: Document, startswith: str) -> Paragraph:
    found = [p for p in document.paragraphs if p.text.startswith(startswith)]
    assert found, f"no paragraph starts with {startswith!r}"
    return found[0]


def test_the_draft_reads_like_the_notice(document: Document) -> None:
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == f"{OFFICE}关于2018年第四季度全区政府网站频道监测情况的通报"
    assert texts[1] == "〔2019〕X号"
    assert texts[2] == "各园区，各镇（街道），区直各有关单位："
    for heading in ("一、总体情况", "二、存在的主要问题", "三、下一步工作要求"):
        assert heading in texts
    assert texts.index("一、总体情况") < texts.index("二、存在的主要问题") < texts.index("三、下一步工作要求")
    assert "附件：2018年第四季度全区政府网站（频道）监测得分表" in texts
    assert texts[texts.index(OFFICE) + 1] == "2019年1月12日"
    assert (document.core_properties.title, document.core_properties.author) == (texts[0], OFFICE)


def test_overview_names_the_clean_units_and_only_them(document: Document) -> None:
    overview = paragraph(document, "2018年第四季度，按照").text
    assert "在线运行的28个政府网站（频道）" in overview and "合格率为100%" in overview
    clean = overview.split("其中，", 1)[1]
    for _, name in UNITS:
        assert (name in clean) is (name not in PROBLEM_UNITS), name
    assert "共22个单位网站（频道）在本次监测中未发现问题" in clean


def test_problems_name_the_units_and_columns(document: Document) -> None:
    problems = paragraph(document, "此次监测发现").text
    assert "发现区环保分局1个单位网站（频道）出现栏目信息逾期未更新情况（规划计划）" in problems
    assert "惠南科技园、区党群办、区安监分局3个单位" in problems
    assert "区安监分局：链接8个、附件2个" in problems
    assert "政策解读" not in problems  # nothing known about interpretations: the point is left out


def test_fonts_are_set_for_east_asian_text(document: Document) -> None:
    title = paragraph(document, OFFICE + "关于")
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"
    assert east_asian_font(paragraph(document, "一、总体情况").runs[0]) == "黑体"
    assert east_asian_font(paragraph(document, "此次监测发现").runs[0]) == "仿宋_GB2312"
    assert east_asian_font(paragraph(document, "（一）").runs[0]) == "楷体_GB2312"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.get(qn("w:eastAsiaTheme")) is None
    assert title.runs[0].font.size.pt == 22
    assert paragraph(document, "此次监测发现").runs[0].font.size.pt == 16


def test_font_table_carries_the_fallbacks(document: Document) -> None:
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    fonts = etree.fromstring(part.blob)
    alt = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in fonts.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋" and alt["方正小标宋简体"] == "宋体" and alt["楷体_GB2312"] == "楷体"


def test_page_is_a4_with_official_margins(document: Document) -> None:
    for section in document.sections:
        size = (section.page_width.mm, section.page_height.mm)
        assert size == pytest.approx((210, 297), abs=0.05)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [m.mm for m in margins] == pytest.approx([37, 35, 28, 26], abs=0.05)
    footer = document.sections[0].footer.paragraphs[0]
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert len(document.sections) == 2  # the attachment starts its own page


def test_attached_table_has_merged_header_and_the_csv_values(
    document: Document, seed_rows: list[list[str]]
) -> None:
    grid = document.tables[0]
    assert grid.cell(0, 1)._tc is grid.cell(0, 4)._tc  # 市信息公开平台 over four columns
    assert grid.cell(0, 1).text == "市信息公开平台"
    assert grid.cell(0, 0)._tc is grid.cell(1, 0)._tc and grid.cell(0, 0).text == "单位"
    assert grid.cell(0, 5)._tc is grid.cell(1, 5)._tc and grid.cell(0, 5).text == "第三方监测报告"
    assert grid.cell(1, 4).text == "规划计划\n（预警扣分）"
    assert grid.cell(0, 8).text == "季度得分"
    body = [[cell.text for cell in row.cells] for row in grid.rows[2:]]
    assert body == seed_rows[1:]
    header_flags = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in grid.rows[:3]]
    assert header_flags == [True, True, False]
    assert east_asian_font(grid.cell(0, 1).paragraphs[0].runs[0]) == "黑体"
    assert east_asian_font(grid.cell(2, 0).paragraphs[0].runs[0]) == "仿宋_GB2312"


def test_attachment_heading_and_notes_follow_the_signature(document: Document) -> None:
    texts = [p.text for p in document.paragraphs if p.text]
    start = texts.index("附件")
    assert texts[start + 1] == "2018年第四季度全区政府网站（频道）监测得分表"
    assert texts[start + 2] == "（信息更新监测时间节点：2018年10月1日-12月31日）"
    assert texts[start + 3] == "备注："
    assert texts[start + 4].startswith("1.政府网站考评按百分制计分")
