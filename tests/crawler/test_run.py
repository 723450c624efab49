"""The crawl's public entry points: probes, explain's fetch, progress, stop, budget, confirmation."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from freshwatch.config.models import Config, CrawlSettings
from freshwatch.crawler.run import CrawlProgress, crawl, fetch_page, probe_sites
from freshwatch.crawler.types import ErrorClass, SiteCrawl
from tests.crawler.conftest import now
from tests.crawler.readers import SIMPLE
from tests.crawler.server import Handler, MockServer, Reply, Request, html

pytestmark = pytest.mark.anyio
TODAY = date(2026, 11, 26)


def one_site(server: MockServer, **site: object) -> Config:
    return Config.model_validate(
        {
            "units": [{"id": "u", "name": "单位", "sites": [{"home": server.url("/"), **site}]}],
            "crawl": {"timeout": 5, "retries": 2},
        }
    )


async def collect(config: Config, **kwargs: object) -> tuple[object, list[SiteCrawl]]:
    done: list[SiteCrawl] = []

    async def sink(site: SiteCrawl) -> None:
        done.append(site)

    summary = await crawl(config, today=TODAY, now=now, sink=sink, readers=SIMPLE, **kwargs)  # type: ignore[arg-type]
    return summary, done


async def test_probe_reports_status_ttfb_and_total() -> None:
    with (
        MockServer({"/": Reply(200, html("首页"), delay=0.2)}) as up,
        MockServer({"/": Reply(hang=True)}) as down,
    ):
        config = Config.model_validate(
            {
                "units": [
                    {"id": "up", "name": "甲", "sites": [{"home": up.url("/")}]},
                    {"id": "down", "name": "乙", "sites": [{"home": down.url("/")}]},
                ],
                "crawl": {"timeout": 1},
            }
        )
        probes = {p.unit_id: p for p in await probe_sites(config, now=now)}
    assert probes["up"].ok and probes["up"].status == 200
    assert probes["up"].ttfb is not None and 0.2 <= probes["up"].ttfb <= probes["up"].elapsed  # type: ignore[operator]
    assert probes["down"].error is ErrorClass.timeout and down.hits("/") == 1  # a probe never retries


async def test_fetch_page_for_explain_decodes_like_the_crawl() -> None:
    body = "<meta charset='gbk'><title>通知公告</title><p>市政府办公室</p>".encode("gbk")
    with MockServer({"/list": Reply(200, body, "text/html")}) as server:
        fetched = await fetch_page(
            server.url("/list"), CrawlSettings(timeout=5), now=lambda: datetime.now(UTC)
        )
    assert fetched.ok and fetched.text is not None and "市政府办公室" in fetched.text


async def test_a_link_failing_during_the_crawl_but_fine_at_the_end_is_not_reported() -> None:
    def busy(request: Request) -> Reply:
        return Reply(503) if request.count <= 3 else Reply(200, html("办事指南"))

    routes: dict[str, Reply | Handler] = {
        "/": Reply(200, html("<a href='/busy.html'>办事</a>")),
        "/busy.html": busy,
    }
    with MockServer(routes) as server:
        _, sites = await collect(one_site(server))
    link = next(link for link in sites[0].links if link.url.endswith("/busy.html"))
    assert link.error is None and server.hits("/busy.html") == 4  # 3 attempts, then the confirmation


async def test_429_that_persists_is_blocked() -> None:
    routes = {"/": Reply(200, html("<a href='/limited.html'>限流</a>")), "/limited.html": Reply(429)}
    with MockServer(routes) as server:
        _, sites = await collect(one_site(server))
    link = next(link for link in sites[0].links if link.url.endswith("/limited.html"))
    assert link.blocked and not link.broken


async def test_page_budget_caps_the_pages_of_a_site() -> None:
    links = "".join(f"<a href='/p{i}.html'>页{i}</a>" for i in range(20))
    routes = {"/": Reply(200, html(links)), "/p*": Reply(200, html("<p>页</p>"))}
    with MockServer(routes) as server:
        _, sites = await collect(one_site(server, page_budget=5))
    assert sites[0].pages_fetched == 5 and any("budget" in e for e in sites[0].errors)
    assert sum(n for (_, p), n in server.counts.items() if p.startswith("/p")) == 4  # home + 4


async def test_stop_mid_crawl_keeps_what_was_fetched() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def stopping(request: Request) -> Reply:
        loop.call_soon_threadsafe(stop.set)
        return Reply(200, html("<a href='/deeper.html'>更深</a>"))

    routes: dict[str, Reply | Handler] = {
        "/": Reply(200, html("<a href='/a.html'>甲</a><a href='/missing.html'>失效</a>")),
        "/a.html": stopping,
    }
    events: list[CrawlProgress] = []
    with MockServer(routes) as server:
        summary, sites = await collect(one_site(server), stop=stop, progress=events.append)
    assert summary.interrupted and len(sites) == 1 and not sites[0].complete  # type: ignore[attr-defined]
    assert server.hits("/deeper.html") == 0 and sites[0].links  # the first level was kept
    assert events and events[-1].sites_done == 1 and events[-1].sites_total == 1
    # a failure seen before the stop was never confirmed, so it is not reported (next crawl will)
    assert server.hits("/missing.html") == 1 and not any(link.error for link in sites[0].links)


async def test_a_channel_on_a_shared_platform_is_walked_inside_its_folder() -> None:
    routes = {
        "/bm/fgj/": Reply(
            200, html("<a href='/bm/fgj/a.html'>本单位</a><a href='/bm/other/b.html'>兄弟单位</a>")
        ),
        "/bm/fgj/a.html": Reply(200, html("<a href='/bm/fgj/c.html'>本单位二</a>")),
        "/bm/other/b.html": Reply(200, html("<a href='/bm/other/d.html'>兄弟单位二</a>")),
        "/bm/fgj/c.html": Reply(200, html("正文")),
    }
    with MockServer(routes) as server:
        config = Config.model_validate(
            {"units": [{"id": "u", "name": "单位", "sites": [{"home": server.url("/bm/fgj/")}]}]}
        )
        _, sites = await collect(config)
    assert server.hits("/bm/other/b.html") == 1  # checked
    assert server.hits("/bm/other/d.html") == 0  # but not walked into
    assert server.hits("/bm/fgj/c.html") == 1
    assert {link.url.rsplit("/", 1)[-1] for link in sites[0].links} == {"a.html", "b.html", "c.html"}


async def test_keep_alive_reuses_connections() -> None:
    links = "".join(f"<a href='/p{i}.html'>页{i}</a><a href='/f{i}.pdf'>附件{i}</a>" for i in range(30))
    pdf = b"%PDF-1.4\n" + b"0" * 100_000
    routes = {
        "/": Reply(200, html(links)),
        "/p*": Reply(200, html("<p>页</p>")),
        "/f*": Reply(200, pdf, "application/pdf"),
    }
    with MockServer(routes) as server:
        _, sites = await collect(one_site(server))
    assert server.total == 62 and server.hits("/f0.pdf", "HEAD") == 1  # attachments: HEAD only
    assert server.connections <= 4 + 1  # per_host connections kept alive across GETs and HEADs (62 requests)
    assert len(sites[0].links) == 60 and not any(link.error for link in sites[0].links)


async def test_a_column_behind_a_bot_wall_reads_unreadable_not_fresh() -> None:
    from freshwatch.crawler.readers import default_readers
    from tests.conftest import REALDATA, require_shared

    shell = require_shared(REALDATA / "pages" / "shell_hubei_zscqj_ruishu.html").read_bytes()
    routes = {"/": Reply(200, html("<a href='/col/'>栏目</a>")), "/col/": Reply(200, shell)}
    with MockServer(routes) as server:
        config = Config.model_validate(
            {
                "units": [
                    {
                        "id": "u",
                        "name": "单位",
                        "sites": [
                            {
                                "home": server.url("/"),
                                "columns": [
                                    {"name": "通知", "url": server.url("/col/"), "category": "notice"}
                                ],
                            }
                        ],
                    }
                ]
            }
        )
        done: list[SiteCrawl] = []

        async def sink(site: SiteCrawl) -> None:
            done.append(site)

        await crawl(config, today=TODAY, now=now, sink=sink, readers=default_readers())
    column = done[0].columns[1]
    assert (
        column.reading is not None
        and column.reading.verdict == "unreadable"
        and column.reading.latest is None
    )
    link = next(link for link in done[0].links if link.url.endswith("/col/"))
    assert link.blocked  # suspected, listed, never deducted


async def test_external_links_are_checked_at_lower_concurrency() -> None:
    with MockServer({"/*": Reply(200, html("外部页面"), delay=0.05)}) as outside, MockServer() as server:
        server.routes["/"] = Reply(
            200, html("".join(f"<a href='{outside.url(f'/x{i}')}'>外链{i}</a>" for i in range(12)))
        )
        config = Config.model_validate(
            {
                "units": [
                    {"id": "u", "name": "单位", "sites": [{"home": server.url("/")}]},
                    {"id": "o", "name": "外单位", "sites": [{"home": outside.url("/"), "per_host": 8}]},
                ],
                "crawl": {"external_concurrency": 2},
            }
        )
        done: list[SiteCrawl] = []

        async def sink(site: SiteCrawl) -> None:
            done.append(site)

        await crawl(config, units=["u"], today=TODAY, now=now, sink=sink, readers=SIMPLE)
    assert {link.kind for link in done[0].links} == {"external"} and len(done[0].links) == 12
    assert outside.total == 12 and outside.max_active <= 2
