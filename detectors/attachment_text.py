"""An attachment's text: PDF (pypdf), docx (python-docx), xlsx (openpyxl).

What can't be read says why instead of raising: scanned PDFs (pages without a text layer), the
binary Word/WPS formats (.doc, .wps, .et, .xls) and anything else.  Parsing is pure: bytes in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

__all__ = ["READABLE", "AttachmentText", "attachment_text", "attachment_type"]

READABLE = ("pdf", "docx", "xlsx")
_UNREADABLE = {
    "doc": "Word 97-2003 二进制格式（.doc）暂不能读取",
    "wps": "WPS 文字格式（.wps）暂不能读取",
    "xls": "Excel 97-2003 二进制格式（.xls）暂不能读取",
    "et": "WPS 表格格式（.et）暂不能读取",
}


@dataclass(frozen=True, slots=True)
class AttachmentText:
    text: str
    kind: str  # pdf / docx / xlsx / the extension that could not be read
    unreadable: str | None = None  # why the text could not be read


def attachment_type(url: str) -> str:
    path = url.split("?", 1)[0].split("#", 1)[0]
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attachment_text(body: bytes, kind: str) -> AttachmentText:
    if kind in _UNREADABLE:
        return AttachmentText("", kind, _UNREADABLE[kind])
    try:
        if kind == "pdf":
            return _pdf(body)
        if kind == "docx":
            return AttachmentText(_docx(body), kind)
        if kind == "xlsx":
            return AttachmentText(_xlsx(body), kind)
    except Exception as exc:  # a broken or hostile file is a value, whatever its parser raises
        return AttachmentText("", kind, f"文件无法解析（{type(exc).__name__}）")
    return AttachmentText("", kind, f"不支持的附件类型（{kind or '无扩展名'}）")


def _pdf(body: bytes) -> AttachmentText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    text = "\n".join((page.extract_text() or "") for page in reader.pages)
    if not text.strip() and len(reader.pages):
        return AttachmentText("", "pdf", "扫描件 PDF（无文字层），需人工核查")
    return AttachmentText(text, "pdf")


def _docx(body: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx(body: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    parts: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    book.close()
    return "\n".join(parts)
