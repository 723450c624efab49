"""A crawl of a small farm of sites with known dates and known broken links; nothing fetched twice."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest

from freshwatch.config.models import Config
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.run import CrawlSummary, crawl
from freshwatch.crawler.types import ErrorClass, SiteCrawl
from tests.crawler.conftest import now
from tests.crawler.readers import SIMPLE
from tests.crawler.server import MockServer, Reply, Request, html

pytestmark = pytest.mark.anyio
TODAY = date(2026, 11, 26)
PDF = b"%PDF-1.4\n" + b"0" * 5000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def items(*rows: tuple[str, str, str]) -> str:
    return (
        "<ul class='list'>"
        + "".join(f"<li><a href='{u}'>{t}</a><span>{d}</span></li>" for u, t, d in rows)
        + "</ul>"
    )


def calendar(request: Request) -> Reply:
    year, month = map(int, request.path.split("=")[1].split("-"))
    nxt = f"{year + month // 12}-{month % 12 + 1:02d}"
    return Reply(200, html(f"<a href='/cal?month={nxt}'>下月</a><p>日历</p>", "日历"))


def article(day: str) -> Reply:
    return Reply(
        200,
        f"<html><head><meta name='PubDate' content='{day}'><title>文章</title></head><body><p>正文</p></body></html>",
    )


def flaky(request: Request) -> Reply:
    return Reply(503) if request.count == 1 else Reply(200, html("<p>正常</p>", "办事"))


def farm(b_origin: str) -> tuple[dict, dict]:
    a = {
        "/": Reply(
            200,
            html(
                items(("/gzdt/n1.html", "动态一", "2026-11-20"))
                + "<a href='/gzdt/'>工作动态</a><a href='/tzgg/'>通知公告</a><a href='/files/a.pdf'>附件</a>"
                "<img src='/img/logo.png' alt='logo'><a href='/missing.html'>失效链接</a><a href='/gone.html'>软404</a>"
                f"<a href='{b_origin}/bs.html'>兄弟单位</a><a href='http://192.168.1.1/oa'>内网OA</a>"
                "<a href='/cal?month=2026-11'>日历</a><a href='mailto:x@y.cn'>信箱</a><a href='#top'>顶部</a>"
                "<a href='/index.html'>首页</a>",
                "甲单位",
            ),
        ),
        "/gzdt/": Reply(
            200,
            html(
                items(("/gzdt/n1.html", "动态一", "2026-11-10"), ("/gzdt/n2.html", "动态二", "2026-10-01"))
                + "<a class='next' href='/gzdt/index_1.html'>下一页</a>",
                "工作动态",
            ),
        ),
        "/gzdt/index_1.html": Reply(
            200,
            html(
                items(("/gzdt/n3.html", "动态三", "2026-08-01"), ("/gzdt/n4.html", "动态四", "2026-06-01"))
                + "<a class='next' href='/gzdt/index_2.html'>下一页</a>",
                "工作动态",
            ),
        ),
        "/gzdt/index_2.html": Reply(200, html(items(("/gzdt/n5.html", "动态五", "2026-01-01")), "工作动态")),
        "/tzgg/": Reply(
            200, html(items(*((f"/tzgg/a{i}.html", f"通知{i}", "") for i in range(1, 5))), "通知公告")
        ),
        "/tzgg/a1.html": article("2026-09-15"),
        "/tzgg/a2.html": article("2026-09-01"),
        "/tzgg/a3.html": article("2026-08-01"),
        "/tzgg/a4.html": article("2026-07-01"),
        "/index.html": Reply(301, headers={"Location": "/"}),  # the target was read already: not again
        "/gone.html": Reply(200, html("<div>您访问的页面不存在或已被删除</div>", "提示")),
        "/files/a.pdf": Reply(200, PDF, "application/pdf"),
        "/img/logo.png": Reply(200, PNG, "image/png"),
        "/cal*": calendar,
        **{
            f"/gzdt/n{i}.html": Reply(200, html(f"<p>动态{i}正文</p><a href='/'>首页</a>", "动态"))
            for i in range(1, 6)
        },
    }
    b = {
        "/": Reply(
            200,
            html(
                items(("/zcwj/", "政策文件", "2026-11-01")) + "<a href='/files/missing.doc'>附件</a>"
                "<a href='/flaky.html'>办事</a><a href='/bs.html'>页面</a>",
                "乙单位",
            ),
        ),
        "/zcwj/": Reply(
            200, html("<div data-endpoint='/api/list?page=1'></div><ul class='list'></ul>", "政策文件")
        ),
        "/api/list?page=1": Reply(
            200,
            json.dumps(
                {
                    "items": [
                        {"title": "文件一", "url": "/zcwj/f1.html", "date": "2026-05-06"},
                        {"title": "文件二", "url": "/zcwj/f2.html", "date": "2026-03-01"},
                    ]
                }
            ),
            "application/json",
        ),
        "/flaky.html": flaky,
        "/bs.html": Reply(200, html("<p>兄弟页面</p>", "页面")),
    }
    return a, b


def config_for(a: MockServer, b: MockServer, **crawl: object) -> Config:
    return Config.model_validate(
        {
            "units": [
                {
                    "id": "a",
                    "name": "甲单位",
                    "sites": [
                        {
                            "home": a.url("/"),
                            "columns": [
                                {"name": "工作动态", "url": a.url("/gzdt/"), "category": "news"},
                                {"name": "通知公告", "url": a.url("/tzgg/"), "category": "notice"},
                            ],
                        }
                    ],
                },
                {
                    "id": "b",
                    "name": "乙单位",
                    "sites": [
                        {
                            "home": b.url("/"),
                            "columns": [{"name": "政策文件", "url": b.url("/zcwj/"), "category": "policy"}],
                        }
                    ],
                },
            ],
            "crawl": {"timeout": 5, "retries": 2, **crawl},
        }
    )


async def run(
    config: Config, *, readers: Readers = SIMPLE, stop: asyncio.Event | None = None
) -> tuple[CrawlSummary, dict[str, SiteCrawl]]:
    done: dict[str, SiteCrawl] = {}

    async def sink(site: SiteCrawl) -> None:
        done[site.unit_id] = site

    summary = await crawl(config, today=TODAY, now=now, sink=sink, readers=readers, stop=stop)
    return summary, done


def latest(site: SiteCrawl, column: str) -> date | None:
    observation = next(c for c in site.columns if c.column_name == column)
    return observation.reading.latest if observation.reading is not None else None


@pytest.fixture
def servers():
    with MockServer() as a, MockServer() as b:
        routes_a, routes_b = farm(b.origin)
        a.routes.update(routes_a)
        b.routes.update(routes_b)
        yield a, b


async def test_farm_crawl_dates_broken_links_and_no_duplicate_requests(servers) -> None:
    a, b = servers
    summary, sites = await run(config_for(a, b))
    assert latest(sites["a"], "工作动态") == date(2026, 11, 10)
    # one item before the previous quarter (2026-06-01) could be a stray: the walk reads on until a
    # second one confirms the list has passed 2026-07-01 (index_2, 2026-01-01)
    assert next(c for c in sites["a"].columns if c.column_name == "工作动态").pages_read == 3
    assert latest(sites["a"], "通知公告") == date(2026, 9, 15)  # from the articles' PubDate
    assert latest(sites["b"], "政策文件") == date(2026, 5, 6)  # from the list endpoint
    assert sites["a"].columns[0].category == "home" and latest(sites["a"], "首页") == date(2026, 11, 20)

    broken = {
        (unit, link.url.split("/", 3)[-1] if "192.168" not in link.url else link.url, link.error)
        for unit, site in sites.items()
        for link in site.links
        if link.broken
    }
    assert broken == {
        ("a", "missing.html", ErrorClass.http_4xx),
        ("a", "gone.html", ErrorClass.soft_404),
        ("a", "http://192.168.1.1/oa", ErrorClass.private_address),
        ("b", "files/missing.doc", ErrorClass.http_4xx),
    }
    missing = next(link for link in sites["a"].links if link.url.endswith("/missing.html"))
    assert missing.found_on[0].page == a.url("/") and missing.found_on[0].text == "失效链接"
    assert not any(link.blocked for s in sites.values() for link in s.links)

    # each distinct URL requested once, except: broken ones are confirmed at the end (a refused
    # HEAD is re-asked with GET, then the confirmation GET), and the flaky 503 is retried once
    again = {"/missing.html": 2, "/gone.html": 2, "/files/missing.doc": 3, "/flaky.html": 2}
    for server in (a, b):
        for _, path in server.counts:
            if "notfound" not in path:
                assert server.hits(path) == again.get(path, 1), (path, server.counts)
    assert sum(n for (_, p), n in a.counts.items() if p.startswith("/cal")) <= 3  # depth 2 + future guard
    assert summary.sites == 2 and not summary.interrupted and summary.broken == 4
    assert summary.requests == a.total + b.total
    print(f"\nfarm: {summary}; requests/page {summary.requests / summary.pages:.2f}")


async def test_one_site_failing_never_stops_the_others(servers) -> None:
    a, b = servers

    def read_home(page, *, today):
        if str(b.port) in page.url:
            raise RuntimeError("a bug in a detector")
        return SIMPLE.read_home(page, today=today)

    from dataclasses import replace

    summary, sites = await run(config_for(a, b), readers=replace(SIMPLE, read_home=read_home))
    assert sites["a"].complete and not sites["b"].complete
    assert "a bug in a detector" in sites["b"].errors[0] and summary.sites == 2
    assert summary.incomplete_sites == (sites["b"].site_home,) and not summary.complete


async def test_stop_before_start_takes_no_work(servers) -> None:
    a, b = servers
    stop = asyncio.Event()
    stop.set()
    summary, sites = await run(config_for(a, b), stop=stop)
    assert summary.interrupted and sites == {} and a.total == b.total == 0


@pytest.mark.slow
async def test_weak_server_with_backlog_5_under_full_concurrency() -> None:
    pages = 60
    routes: dict = {
        "/": Reply(200, html("".join(f"<a href='/p{i}.html'>页{i}</a>" for i in range(pages)), "首页")),
        **{
            f"/p{i}.html": Reply(200, html(f"<a href='/f{i}.pdf'>附件</a>", "页"), delay=0.02)
            for i in range(pages)
        },
        "/f*": Reply(200, PDF, "application/pdf"),
    }
    with (
        MockServer(routes, backlog=5, capacity=6) as weak,
        MockServer({"/": Reply(200, "<p>x</p>")}) as other,
    ):
        config = Config.model_validate(
            {
                "units": [
                    {"id": "w", "name": "弱", "sites": [{"home": weak.url("/"), "per_host": 64}]},
                    {"id": "o", "name": "他", "sites": [{"home": other.url("/")}]},
                ],
                "crawl": {"concurrency": 64, "retries": 5, "timeout": 5},
            }
        )
        _summary, sites = await run(config)
    site = sites["w"]
    assert weak.resets > 0  # the server really refused work
    assert [link.url for link in site.links if link.error is not None] == []
    assert len(site.links) == 2 * pages and site.pages_fetched == pages + 1


async def test_trap_pages_generating_endless_links_are_cut_off() -> None:
    def trap(request: Request) -> Reply:
        n = int(request.path.rsplit("=", 1)[-1]) if "=" in request.path else 0
        more = "".join(f"<a href='/trap/list?page={n * 10 + i}'>p</a>" for i in range(1, 11))
        deeper = f"<a href='{request.path.split('?')[0]}x/'>更深</a><a href='/trap/a/a/a/a/'>重复</a>"
        return Reply(200, html(more + deeper + "<a href='/cal?month=2027-06'>明年</a>", "陷阱"))

    routes: dict = {"/": Reply(200, html("<a href='/trap/list?page=0'>列表</a>", "首页")), "/trap/*": trap}
    with MockServer(routes) as server:
        config = Config.model_validate(
            {
                "units": [{"id": "t", "name": "陷阱", "sites": [{"home": server.url("/"), "depth": 6}]}],
            }
        )
        _summary, sites = await run(config)
    assert server.hits("/cal?month=2027-06") == 0  # a calendar page into the future is not fetched
    assert server.hits("/trap/a/a/a/a/") == 0
    query_pages = sum(n for (_, p), n in server.counts.items() if p.startswith("/trap/list?"))
    assert query_pages <= 30  # distinct query variants per path are capped
    assert sites["t"].complete and server.total < 60


async def test_farm_with_the_project_detectors(servers) -> None:
    from freshwatch.crawler.readers import default_readers

    a, b = servers
    _, sites = await run(config_for(a, b), readers=default_readers())
    columns = {c.column_name: c for c in sites["a"].columns}
    assert columns["工作动态"].reading is not None and columns["工作动态"].reading.latest == date(
        2026, 11, 10
    )
    assert columns["首页"].reading is not None and columns["首页"].reading.latest == date(2026, 11, 20)
