"""The draft through LibreOffice: it converts and the PDF holds the notice's text (slow, optional)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from freshwatch.reports.docx import write_notice_docx
from freshwatch.reports.notice import NoticeReport
from freshwatch.reports.pdf import find_libreoffice, to_pdf


@pytest.mark.slow
def test_the_draft_converts_to_pdf(report: NoticeReport, tmp_path: Path) -> None:
    if find_libreoffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    pdf = to_pdf(write_notice_docx(report, tmp_path / "notice.docx"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = "".join(text.split())
    assert "关于2018年第四季度全区政府网站频道监测情况的通报" in squeezed
    assert "发现区环保分局1个单位网站（频道）出现栏目信息逾期未更新情况（规划计划）" in squeezed
    assert "区环保分局00050" in squeezed and "6.593.50" in squeezed  # the attached table's row
