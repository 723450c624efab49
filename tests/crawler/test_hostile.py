"""Hostile and odd servers (issue 12): one case per test, each against a real server on 127.0.0.1.

The rule under test: nothing a single URL does stops the rest of its site, memory stays within the
settings, and slow servers cost a bounded time.
"""

from __future__ import annotations

import gzip
import time
from datetime import date

import pytest

from freshwatch.config.models import Config
from freshwatch.crawler.run import crawl
from freshwatch.crawler.types import ErrorClass, SiteCrawl
from freshwatch.detectors.types import LinkKind
from tests.crawler.conftest import checker_for, now, settings
from tests.crawler.readers import SIMPLE
from tests.crawler.server import MockServer, Reply, Request, html

pytestmark = pytest.mark.anyio
TODAY = date(2026, 11, 26)
PAGE = html("<p>正常页面内容</p>" * 5, "工作动态")


def _retry_after_superscript(request: Request) -> Reply:
    return Reply(503, headers={"Retry-After": "²"}) if request.count == 1 else Reply(200, PAGE)


HOSTILE: dict = {
    "/charset-undefined.html": Reply(200, PAGE, "text/html; charset=undefined"),
    "/charset-utf7.html": Reply(200, PAGE, "text/html; charset=utf-7"),
    "/charset-base64.html": Reply(200, PAGE, "text/html; charset=base64"),
    "/retry-after-superscript.html": _retry_after_superscript,
    "/gzip-gzip.html": Reply(
        200, gzip.compress(gzip.compress(PAGE.encode())), headers={"Content-Encoding": "gzip, gzip"}
    ),
    "/gzip-broken.html": Reply(200, b"\x1f\x8bnot gzip at all", headers={"Content-Encoding": "gzip"}),
    "/empty-200.html": Reply(200, b""),
    "/one-long-line.html": Reply(200, "<p>" + "长" * 200_000 + "</p>"),
    "/redirect-ftp.html": Reply(302, headers={"Location": "ftp://127.0.0.1/file.pdf"}),
    "/redirect-file.html": Reply(302, headers={"Location": "file:///etc/passwd"}),
    "/redirect-data.html": Reply(302, headers={"Location": "data:text/html,<p>x</p>"}),
    "/trickle.html": Reply(200, PAGE, trickle=1.0),
    # second pass: an old government server and its templates
    "/length-lie.html": Reply(200, PAGE + "多出来的字节" * 100, headers={"Content-Length": "40"}),
    "/status-999.html": Reply(999, PAGE),
    "/deep-nesting.html": Reply(200, "<div>" * 100_000 + "<p>正文</p>" + "</div>" * 100_000),
    "/huge-title.html": Reply(200, html("<p>正文</p>", "标题" * 500_000)),
    "/location-utf8.html": Reply(302, headers={"Location": "/目录 名/页面.html"}),
    "/location-control.html": Reply(302, headers={"Location": "/ok.html\x7f\x01"}),
    "/目录*": Reply(200, PAGE),
    "/content-length-superscript.html": Reply(200, PAGE, headers={"Content-Length": ""}),
    "/meta-charset-garbage.html": Reply(200, "<meta charset='x-\u00ff\u00fe'><p>正文</p>", "text/html"),
}


async def _check(server: MockServer, path: str, **crawl_settings: object):
    async with checker_for(server.origin, settings(**crawl_settings)) as (checker, site, _):
        return await checker.check(server.url(path), LinkKind.page, site)


@pytest.fixture(scope="module")
def hostile():
    with MockServer(HOSTILE) as server:
        yield server


@pytest.mark.parametrize("path", ["/charset-undefined.html", "/charset-utf7.html", "/charset-base64.html"])
async def test_a_charset_no_browser_knows_falls_back_to_detection(hostile, path) -> None:
    result = await _check(hostile, path)
    assert result.error is None
    assert result.fetch.text is not None and "正常页面内容" in result.fetch.text


async def test_retry_after_with_a_non_ascii_digit_is_ignored_and_the_retry_happens(hostile) -> None:
    result = await _check(hostile, "/retry-after-superscript.html")
    assert result.error is None and result.status == 200


async def test_gzip_twice_is_decoded_layer_by_layer(hostile) -> None:
    result = await _check(hostile, "/gzip-gzip.html")
    assert result.error is None and "正常页面内容" in (result.fetch.text or "")


async def test_a_body_that_is_not_the_gzip_it_claims_is_bad_content(hostile) -> None:
    result = await _check(hostile, "/gzip-broken.html")
    assert result.error is ErrorClass.bad_content


@pytest.mark.parametrize("path", ["/redirect-ftp.html", "/redirect-file.html", "/redirect-data.html"])
async def test_a_redirect_out_of_http_is_a_finding_not_a_crash(hostile, path) -> None:
    result = await _check(hostile, path)
    assert result.error is ErrorClass.invalid_url  # reported, never followed off HTTP


async def test_a_zero_byte_200_and_a_5_mb_line_are_read_without_error(hostile) -> None:
    assert (await _check(hostile, "/empty-200.html")).error is None
    result = await _check(hostile, "/one-long-line.html")
    assert result.error is None and len(result.fetch.text or "") > 200_000


@pytest.mark.parametrize(
    "path",
    [
        "/length-lie.html",
        "/status-999.html",
        "/deep-nesting.html",
        "/huge-title.html",
        "/location-utf8.html",
        "/meta-charset-garbage.html",
    ],
)
async def test_second_pass_odd_answers_are_findings_or_pages_never_exceptions(hostile, path) -> None:
    result = await _check(hostile, path)
    assert result.url == hostile.url(path)  # a verdict came back: whatever it is, nothing raised


async def test_a_location_with_control_characters_is_an_invalid_url_asked_once(hostile) -> None:
    result = await _check(hostile, "/location-control.html")
    assert result.error is ErrorClass.invalid_url
    assert hostile.hits("/location-control.html") == 1


async def test_one_byte_a_second_costs_one_request_deadline_for_all_attempts(hostile) -> None:
    started = time.monotonic()
    result = await _check(hostile, "/trickle.html", timeout=1.5, request_deadline=2.5, retries=3)
    assert result.error is ErrorClass.timeout
    assert time.monotonic() - started < 4.5  # 4 attempts of 1.5 s each would take 6 s and more


# --- whole sites --------------------------------------------------------------------------------


def _config(server: MockServer, **crawl_settings: object) -> Config:
    column = {"name": "工作动态", "url": server.url("/gzdt/"), "category": "news"}
    return Config.model_validate(
        {
            "units": [
                {"id": "a", "name": "甲单位", "sites": [{"home": server.url("/"), "columns": [column]}]}
            ],
            "crawl": {"timeout": 3, "retries": 1, "check_external": False, **crawl_settings},
        }
    )


async def _crawl(config: Config) -> SiteCrawl:
    done: list[SiteCrawl] = []

    async def sink(site: SiteCrawl) -> None:
        done.append(site)

    await crawl(config, today=TODAY, now=now, sink=sink, readers=SIMPLE)
    return done[0]


def _list(*hrefs: str) -> str:
    rows = "".join(
        f"<li><a href='{h}'>条目{i}</a><span>2026-11-2{i % 6}</span></li>" for i, h in enumerate(hrefs)
    )
    return html(f"<ul class='list'>{rows}</ul>", "工作动态")


async def test_no_single_hostile_link_stops_its_site() -> None:
    huge = "/" + "a" * 100_000 + ".html"
    links = [*HOSTILE, huge, "/x\x00y.html", "/line\nbreak.html"]
    links.remove("/trickle.html")
    routes = {
        **HOSTILE,
        "/": Reply(200, _list(*links)),
        "/gzdt/": Reply(200, _list("/ok.html")),
        "/ok.html": PAGE,
    }
    routes["/ok.html"] = Reply(200, PAGE)
    with MockServer(routes) as server:
        site = await _crawl(_config(server))
    assert site.complete and not site.errors
    assert [c.reading is not None for c in site.columns] == [True, True]
    found = {link.url.removeprefix(server.origin): link for link in site.links}
    too_long = next(link for url, link in found.items() if url.startswith("/aaaa"))
    assert too_long.error is ErrorClass.invalid_url and len(too_long.url) < 5000
    assert found["/charset-undefined.html"].error is None


async def test_every_kind_of_link_counts_against_the_site_s_request_budget() -> None:
    pdfs = "".join(f"<a href='/f/{i}.pdf'>附件{i}</a>" for i in range(100_000))
    routes = {"/": Reply(200, html(pdfs, "首页")), "/gzdt/": Reply(200, _list("/ok.html"))}
    with MockServer(routes, fallback=Reply(200, b"%PDF-1.4", "application/pdf")) as server:
        site = await _crawl(_config(server, site_requests=40))
        requests = server.total
    assert requests < 60
    assert sum(1 for link in site.links if link.kind is LinkKind.attachment) <= 40
    assert any("not checked" in error and "99961" in error for error in site.errors)


async def test_a_site_that_runs_out_of_time_keeps_what_was_read_and_says_so() -> None:
    slow = [f"/slow{i}.html" for i in range(3)]
    routes = {
        "/": Reply(200, _list("/gzdt/", *slow)),
        "/gzdt/": Reply(200, _list("/ok.html")),
        "/ok.html": Reply(200, PAGE),
        "/slow*": Reply(200, PAGE, trickle=0.5),
    }
    with MockServer(routes) as server:
        started = time.monotonic()
        site = await _crawl(_config(server, site_deadline=2.0, request_deadline=60, timeout=60))
    assert time.monotonic() - started < 5
    assert not site.complete
    assert any("site deadline" in error for error in site.errors)
    assert len(site.columns) == 2 and site.columns[1].reading is not None


def test_100000_nested_divs_parse_like_a_browser_would_and_keep_their_links() -> None:
    from freshwatch.detectors.page import parse_page

    deep = "<div>" * 100_000 + "<p>正文</p><a href='/x.html'>链接</a>" + "</div>" * 100_000
    started = time.process_time()
    page = parse_page(deep, "http://127.0.0.1/")
    assert time.process_time() - started < 10  # was 150 s of CPU (quadratic in the depth)
    assert [a.attributes.get("href") for a in page.tree.css("a")] == ["/x.html"]
    assert "正文" in page.tree.body.text() if page.tree.body else False
