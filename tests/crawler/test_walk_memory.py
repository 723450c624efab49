"""A crawl's memory follows the pages in flight and the sites in progress, not the whole crawl.

Also the retry fast path: the first try is made without tenacity, the policy is unchanged.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable
from datetime import date

import pytest

from freshwatch.config.models import Config, CrawlSettings
from freshwatch.crawler.retry import Attempt, RetryPolicy, with_retries
from freshwatch.crawler.run import crawl, sites_at_once
from freshwatch.crawler.types import Fetch, SiteCrawl
from freshwatch.detectors.page import Page
from tests.crawler.conftest import now
from tests.crawler.readers import SIMPLE
from tests.crawler.server import MockServer, Reply, Request, html

pytestmark = pytest.mark.anyio
ARTICLES = 40
Once = Callable[[], Awaitable[Attempt]]
POLICY = RetryPolicy(attempts=3, retry_after_cap=1.0, initial=0.01, max_wait=0.02, jitter=0.0)


def _tries(*statuses: int, retry_after: float | None = None) -> tuple[list[int], Once]:
    made: list[int] = []

    async def once() -> Attempt:
        status = statuses[len(made)]
        made.append(status)
        return Attempt(Fetch(url="u", final_url="u", status=status), retry_after=retry_after)

    return made, once


async def test_a_success_takes_one_try_and_a_final_failure_too() -> None:
    for status in (200, 404, 500):
        made, once = _tries(status, 200)
        assert (await with_retries(POLICY, once)).fetch.status == status
        assert made == [status]


async def test_transient_failures_are_retried_to_the_policy_s_limit() -> None:
    made, once = _tries(503, 200)
    assert (await with_retries(POLICY, once)).fetch.status == 200
    assert made == [503, 200]
    made, once = _tries(503, 502, 504, 200)
    assert (await with_retries(POLICY, once)).fetch.status == 504
    assert made == [503, 502, 504]  # 3 attempts in all, the last one kept
    single = RetryPolicy(attempts=1, retry_after_cap=1.0, initial=0.01, max_wait=0.02)
    made, once = _tries(503, 200)
    assert (await with_retries(single, once)).fetch.status == 503
    assert made == [503]


async def test_the_first_failure_s_retry_after_is_believed() -> None:
    made, once = _tries(429, 200, retry_after=0.3)
    started = asyncio.get_running_loop().time()
    assert (await with_retries(POLICY, once)).fetch.status == 200
    assert asyncio.get_running_loop().time() - started >= 0.29 and made == [429, 200]


def test_sites_at_once_fill_the_connections_at_the_per_host_limit() -> None:
    assert sites_at_once(CrawlSettings(concurrency=64, per_host=4)) == 16
    assert sites_at_once(CrawlSettings(concurrency=3, per_host=4)) == 1


def _live_pages() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, Page))


def _site(server: MockServer, pages_seen: list[int]) -> None:
    def article(request: Request) -> Reply:
        if request.path.endswith(f"/a{ARTICLES - 1}.html"):
            pages_seen.append(_live_pages())  # the level's last page: the others have arrived
        return Reply(200, html("<a href='/'>首页</a><p>正文</p>", "文章"))

    rows = "".join(
        f"<li><a href='/a{k}.html'>文章{k}</a><span>2026-11-01</span></li>" for k in range(ARTICLES)
    )
    server.routes.update(
        {
            "/": Reply(200, html("<a href='/news/'>新闻</a>", "首页")),
            "/news/": Reply(200, html(f"<ul class='list'>{rows}</ul>", "新闻")),
            **{f"/a{k}.html": article for k in range(ARTICLES)},
        }
    )


def _config(*servers: MockServer, concurrency: int) -> Config:
    units = [
        {
            "id": f"u{k}",
            "name": f"单位{k}",
            "sites": [
                {
                    "home": s.url("/"),
                    "columns": [{"name": "新闻", "url": s.url("/news/"), "category": "news"}],
                }
            ],
        }
        for k, s in enumerate(servers)
    ]
    crawl_settings = {"timeout": 5, "retries": 0, "concurrency": concurrency, "per_host": 4, "depth": 3}
    return Config.model_validate({"units": units, "crawl": crawl_settings})


async def test_a_level_of_pages_is_not_kept_as_parsed_trees() -> None:
    seen: list[int] = []
    with MockServer() as server:
        _site(server, seen)
        await _crawl(_config(server, concurrency=64))
    # before, a whole level of trees (the 40 articles, all arrived but the last) was alive here
    assert seen and seen[0] < 10, seen


async def test_sites_wait_their_turn_beyond_the_connections() -> None:
    seen: list[int] = []
    with MockServer() as a, MockServer() as b:
        _site(a, seen)
        _site(b, seen)
        finished = await _crawl(_config(a, b, concurrency=4), servers=(a, b))
    # one site at a time (concurrency 4 // per_host 4): the other server was idle until the sink
    _, totals_then = finished[0]
    assert sorted(totals_then) == [0, totals_then[0] + totals_then[1]]
    assert len(finished) == 2 and all(site.complete and site.links for site, _ in finished)


async def _crawl(
    config: Config, servers: tuple[MockServer, ...] = ()
) -> list[tuple[SiteCrawl, tuple[int, ...]]]:
    finished: list[tuple[SiteCrawl, tuple[int, ...]]] = []

    async def sink(site: SiteCrawl) -> None:
        finished.append((site, tuple(s.total for s in servers)))

    await crawl(config, today=date(2026, 11, 26), now=now, sink=sink, readers=SIMPLE)
    return finished
