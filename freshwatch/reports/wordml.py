"""The WordprocessingML python-docx has no API for: East Asian fonts, font fallbacks, page numbers.

Chinese official documents name fonts (仿宋_GB2312, 方正小标宋简体) that many machines lack.  Word
reads ``w:altName`` in the font table as the font to use instead, so each one carries its common
fallback (仿宋, 宋体, 楷体); without ``w:eastAsia`` in ``w:rFonts`` Word would set the Chinese text
in the theme's font, whatever ``font.name`` says.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from freshwatch.safe_text import xml_text

LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# name -> (fallback, family): written to the font table so Word substitutes sensibly
FALLBACKS = {
    BODY_FONT: ("仿宋", "modern"),
    TITLE_FONT: ("宋体", "script"),
    SUBHEADING_FONT: ("楷体", "modern"),
    HEADING_FONT: ("SimHei", "modern"),
    PAGE_NUMBER_FONT: ("SimSun", "auto"),
}
GB2312_CHARSET = "86"


def set_fonts(element: etree._Element, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Explicit fonts on an rPr owner (a run's ``w:r`` or a style), themes removed so they win."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def east_asian_font(run: Run) -> str | None:
    """The font Word uses for the run's Chinese text, as written on the run itself."""
    rpr = run._element.rPr
    if rpr is None or rpr.rFonts is None:
        return None
    return rpr.rFonts.get(qn("w:eastAsia"))


def styled_run(paragraph: Paragraph, text: str, font: str, size: float, *, bold: bool = False) -> Run:
    run = paragraph.add_run(
        xml_text(text)
    )  # a stray control character from outside must not crash Word's XML
    set_fonts(run._element, font)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    return run


def set_document_defaults(document: Document, font: str, size: float) -> None:
    """docDefaults and Normal both name the body font; the default template points at a theme."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                fonts.attrib.clear()
                fonts.set(qn("w:ascii"), LATIN_FONT)
                fonts.set(qn("w:hAnsi"), LATIN_FONT)
                fonts.set(qn("w:cs"), LATIN_FONT)
                fonts.set(qn("w:eastAsia"), font)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    set_fonts(normal.element, font)
    normal.font.size = Pt(size)


def register_font_fallbacks(document: Document) -> None:
    """Add the official fonts to the font table with their ``w:altName`` fallbacks."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(part.blob)
    present = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for name, (fallback, family) in FALLBACKS.items():
        if name in present:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", fallback), ("w:charset", GB2312_CHARSET), ("w:family", family)):
            child = etree.SubElement(font, qn(tag))
            child.set(qn("w:val"), value)
    # python-docx keeps parts it does not model as bytes; there is no public setter.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_page_number(paragraph: Paragraph, size: float) -> None:
    """ "— 1 —" as GB/T 9704 prints it: the number is a PAGE field Word and LibreOffice fill in."""
    styled_run(paragraph, "— ", PAGE_NUMBER_FONT, size)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = styled_run(paragraph, "1", PAGE_NUMBER_FONT, size)
    paragraph._p.remove(number._element)
    field.append(number._element)
    paragraph._p.append(field)
    styled_run(paragraph, " —", PAGE_NUMBER_FONT, size)


def repeat_as_header(row: _Row) -> None:
    """Word repeats rows marked ``w:tblHeader`` at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def keep_row_together(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def set_cell_margins(table: Table, side_mm: float) -> None:
    """Narrow left/right cell margins: the default 1.9 mm a side costs a character per column."""
    properties = table._tbl.tblPr
    margins = properties.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        properties.append(margins)
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(Mm(side_mm).twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
