"""Charsets as browsers resolve them, plus the repairs real government pages need."""

from __future__ import annotations

import pytest

from freshwatch.crawler.decode import decode_body, sniff_binary
from freshwatch.detectors.types import LinkKind
from tests.conftest import REALDATA, require_shared
from tests.crawler.conftest import checker_for
from tests.crawler.server import MockServer, Reply

pytestmark = pytest.mark.anyio

TEXT = "市人民政府办公室关于印发2026年政务公开工作要点的通知，各区县人民政府，市政府各部门。"
GBK_META = f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>{TEXT}</body></html>"


def test_meta_only_gbk() -> None:
    decoded = decode_body(GBK_META.encode("gbk"), "text/html")
    assert TEXT in decoded.text and (decoded.charset, decoded.source) == ("gb18030", "meta")


def test_gbk_decodes_as_gb18030() -> None:
    page = f"<meta charset='gbk'><p>{TEXT}䶮</p>"  # a character outside GBK, inside GB18030
    assert "䶮" in decode_body(page.encode("gb18030"), "text/html").text


def test_header_that_contradicts_the_bytes_loses() -> None:
    assert TEXT in decode_body(GBK_META.encode("gbk"), "text/html; charset=utf-8").text


def test_latin1_server_default_yields_to_the_meta() -> None:
    assert TEXT in decode_body(GBK_META.encode("gbk"), "text/html; charset=ISO-8859-1").text


def test_header_wins_over_meta_when_both_decode() -> None:
    page = f"<meta charset='big5'><p>{TEXT}</p>"
    assert TEXT in decode_body(page.encode("gb18030"), "text/html; charset=gbk").text


def test_bom_wins() -> None:
    assert TEXT in decode_body("\ufeff".encode() + GBK_META.encode("utf-8"), "text/html; charset=gbk").text


def test_no_charset_anywhere_is_detected() -> None:
    page = f"<html><body>{TEXT * 4}</body></html>"
    assert TEXT in decode_body(page.encode("gbk"), "text/html").text


def test_real_cfda_page_gb2312_meta_over_utf8_bytes() -> None:
    path = require_shared(REALDATA / "pages" / "list_cfda_ylqx_recall_2018.html")
    decoded = decode_body(path.read_bytes(), "text/html")
    text = decoded.text
    assert decoded.source == "utf-8"
    assert "医疗器械召回" in text and "\ufffd" not in text


def test_binary_sniffing() -> None:
    assert (
        sniff_binary(b"%PDF-1.7\n...")
        and sniff_binary(b"PK\x03\x04...")
        and sniff_binary(b"\xd0\xcf\x11\xe0")
    )
    assert not sniff_binary(GBK_META.encode("gbk")) and not sniff_binary(b"\xff\xfe<\x00h\x00")


async def test_gbk_meta_and_conflict_pages_over_http() -> None:
    routes = {
        "/gbk-meta": Reply(200, GBK_META.encode("gbk"), "text/html"),
        "/conflict": Reply(200, GBK_META.encode("gbk"), "text/html; charset=utf-8"),
    }
    with MockServer(routes) as server:
        async with checker_for(server.origin) as (checker, site, _):
            for path in routes:
                result = await checker.check(server.url(path), LinkKind.page, site)
                assert result.page is not None and TEXT in result.page.html, path
