"""Attachment text: PDF, docx and xlsx read; scanned PDFs and binary Office formats say why not."""

from __future__ import annotations

import pytest

from freshwatch.detectors.attachment_text import attachment_text, attachment_type
from tests.content_corpus import ID_DOCX, ID_PDF, MOBILE_XLSX, site


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/files/mingdan.pdf", ID_PDF),
        ("/files/gongshi.docx", ID_DOCX),
        ("/files/tongxunlu.xlsx", MOBILE_XLSX),
    ],
)
def test_readable_types_give_their_text(path: str, needle: str) -> None:
    body, _ = site()[path]
    read = attachment_text(body, attachment_type(path))
    assert read.unreadable is None and needle in read.text


def test_scanned_pdf_is_unreadable_with_reason() -> None:
    body, _ = site()["/files/scan.pdf"]
    assert "扫描件" in (attachment_text(body, "pdf").unreadable or "")


@pytest.mark.parametrize("kind", ["doc", "wps", "xls", "et"])
def test_binary_office_formats_are_unreadable(kind: str) -> None:
    assert attachment_text(b"\xd0\xcf\x11\xe0", kind).unreadable


def test_broken_file_is_a_value_not_an_exception() -> None:
    assert "无法解析" in (attachment_text(b"not a zip", "docx").unreadable or "")


def test_type_from_url_ignores_query() -> None:
    assert attachment_type("http://x.gov.cn/f/a.PDF?v=2") == "pdf"
