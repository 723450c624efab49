"""Fetching and link checking against a server that really misbehaves (issue 3, one case per test)."""

from __future__ import annotations

import time

import pytest

from freshwatch.crawler.retry import should_retry
from freshwatch.crawler.types import ErrorClass, Fetch
from freshwatch.detectors.types import LinkKind
from tests.crawler.conftest import checker_for, settings
from tests.crawler.server import MockServer, Reply, Request, html

pytestmark = pytest.mark.anyio

PDF = b"%PDF-1.4\n" + b"0" * 20_000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def _head405(request: Request) -> Reply:
    return Reply(405) if request.method == "HEAD" else Reply(200, PDF, "application/pdf")


def _head404(request: Request) -> Reply:
    return Reply(404) if request.method == "HEAD" else Reply(200, PDF, "application/pdf")


def _503_then_200(request: Request) -> Reply:
    return Reply(503) if request.count == 1 else Reply(200, html("正常页面" * 10, "工作动态"))


def _429_retry_after(request: Request) -> Reply:
    if request.count == 1:
        return Reply(429, headers={"Retry-After": "1"})
    return Reply(200, html("正常页面" * 10, "通知公告"))


ROUTES: dict = {
    "/ok": Reply(200, html("正常页面" * 10, "工作动态")),
    "/head405.pdf": _head405,
    "/head404.xlsx": _head404,
    "/slow3": Reply(200, html("慢页面" * 10, "慢"), delay=3.0),
    "/hang": Reply(hang=True),
    "/503-then-200": _503_then_200,
    "/429-retry-after": _429_retry_after,
    "/gone": Reply(410, html("gone")),
    "/forbidden": Reply(403, html("forbidden")),
    "/redirect-chain": Reply(301, headers={"Location": "/r2"}),
    "/r2": Reply(302, headers={"Location": "/r3"}),
    "/r3": Reply(302, headers={"Location": "/ok"}),
    "/loop": Reply(302, headers={"Location": "/loop2"}),
    "/loop2": Reply(302, headers={"Location": "/loop"}),
    "/endless/*": lambda r: Reply(302, headers={"Location": r.path + "x"}),
    "/to-error": Reply(302, headers={"Location": "/404.html"}),
    "/404.html": Reply(200, html("抱歉，您访问的页面不存在", "错误")),
    "/attachment-wrong-type.pdf": Reply(200, PDF, "text/html"),
    "/attachment-error-page.doc": Reply(200, html("<p>文件下载失败，请联系管理员</p>", "错误"), "text/html"),
    "/image-ok.jpg": Reply(200, PNG, "image/png"),
    "/image-not-image.png": Reply(200, html("not here"), "text/html"),
    "/big": Reply(200, "<html>" + "x" * 60_000 + "</html>"),
    "/binary-as-html": Reply(200, PDF, "text/html"),
    "/reset": Reply(drop=True),
    "/ua": lambda r: Reply(200, html(r.headers.get("user-agent", ""), "ua")),
}


@pytest.fixture(scope="module")
def server():
    with MockServer(ROUTES) as srv:
        yield srv


async def check(server: MockServer, path: str, kind: LinkKind = LinkKind.page, **overrides):
    async with checker_for(server.origin, settings(**overrides)) as (checker, site, _):
        return await checker.check(server.url(path), kind, site)


async def test_head_405_falls_back_to_a_ranged_get(server: MockServer) -> None:
    result = await check(server, "/head405.pdf", LinkKind.attachment)
    assert result.error is None and result.status in (200, 206)
    assert server.hits("/head405.pdf", "GET") == 1


async def test_head_404_but_get_200_is_not_broken(server: MockServer) -> None:
    result = await check(server, "/head404.xlsx", LinkKind.attachment)
    assert result.error is None


async def test_a_three_second_page_is_not_broken(server: MockServer) -> None:
    result = await check(server, "/slow3", timeout=5.0)
    assert result.error is None and result.status == 200
    assert result.fetch.ttfb is not None and result.fetch.ttfb >= 2.9


async def test_a_page_that_hangs_past_the_timeout_is_a_timeout(server: MockServer) -> None:
    started = time.monotonic()
    result = await check(server, "/hang", timeout=1.0, retries=0)
    assert result.error is ErrorClass.timeout
    assert time.monotonic() - started < 3


async def test_503_then_200_is_retried_and_fine(server: MockServer) -> None:
    result = await check(server, "/503-then-200")
    assert result.error is None and server.hits("/503-then-200") == 2


async def test_429_with_retry_after_waits_and_succeeds(server: MockServer) -> None:
    started = time.monotonic()
    result = await check(server, "/429-retry-after")
    assert result.error is None
    assert time.monotonic() - started >= 0.9  # Retry-After: 1 was honoured


async def test_410_is_final_without_retry(server: MockServer) -> None:
    result = await check(server, "/gone")
    assert result.error is ErrorClass.http_4xx and result.status == 410
    assert server.hits("/gone") == 1


async def test_403_that_persists_is_blocked_not_broken(server: MockServer) -> None:
    result = await check(server, "/forbidden")
    assert result.error is ErrorClass.blocked and not result.broken


async def test_redirect_chain_is_followed(server: MockServer) -> None:
    result = await check(server, "/redirect-chain")
    assert result.error is None and result.fetch.final_url.endswith("/ok")
    assert len(result.fetch.redirects) == 3


async def test_redirect_loop_is_its_own_error(server: MockServer) -> None:
    result = await check(server, "/loop")
    assert result.error is ErrorClass.redirect_loop


async def test_too_many_redirects(server: MockServer) -> None:
    result = await check(server, "/endless/a", max_redirects=4)
    assert result.error is ErrorClass.too_many_redirects
    assert sum(n for (_, p), n in server.counts.items() if p.startswith("/endless/")) == 5


async def test_redirect_to_an_error_page(server: MockServer) -> None:
    result = await check(server, "/to-error")
    assert result.error is ErrorClass.redirect_to_error


async def test_attachment_with_wrong_content_type_but_pdf_bytes_is_fine(server: MockServer) -> None:
    result = await check(server, "/attachment-wrong-type.pdf", LinkKind.attachment)
    assert result.error is None


async def test_attachment_that_is_an_html_error_page_is_bad_content(server: MockServer) -> None:
    result = await check(server, "/attachment-error-page.doc", LinkKind.attachment)
    assert result.error is ErrorClass.bad_content


async def test_images_are_checked_by_their_bytes(server: MockServer) -> None:
    good = await check(server, "/image-ok.jpg", LinkKind.image)
    bad = await check(server, "/image-not-image.png", LinkKind.image)
    assert good.error is None and server.hits("/image-ok.jpg", "GET") == 0  # HEAD was enough
    assert bad.error is ErrorClass.bad_content


async def test_body_over_the_cap_is_too_large(server: MockServer) -> None:
    result = await check(server, "/big", max_body=50_000)
    assert result.error is ErrorClass.too_large


async def test_binary_labelled_html_never_reaches_the_parser(server: MockServer) -> None:
    result = await check(server, "/binary-as-html")
    assert result.fetch.text is None and result.page is None and "binary" in result.fetch.detail


async def test_dropped_connection_is_a_connect_error_after_retries(server: MockServer) -> None:
    result = await check(server, "/reset", retries=1)
    assert result.error is ErrorClass.connect and server.hits("/reset") == 2


async def test_user_agent_names_freshwatch_and_contact(server: MockServer) -> None:
    result = await check(server, "/ua", contact_url="https://office.example/freshwatch")
    assert result.page is not None
    assert "freshwatch/" in result.page.html and "(+https://office.example/freshwatch)" in result.page.html


def test_should_retry_is_the_one_predicate() -> None:
    def fetch(status: int | None = None, error: ErrorClass | None = None) -> Fetch:
        return Fetch("u", "u", status, error)

    assert all(should_retry(fetch(s)) for s in (408, 429, 502, 503, 504))
    assert not any(should_retry(fetch(s)) for s in (200, 301, 401, 403, 404, 410, 500, 501))
    assert should_retry(fetch(error=ErrorClass.connect)) and should_retry(fetch(error=ErrorClass.timeout))
    assert not should_retry(fetch(error=ErrorClass.dns)) and not should_retry(fetch(error=ErrorClass.tls))
