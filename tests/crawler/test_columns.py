"""How far a column's list is paged: back to the start of the previous quarter, and no further."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from freshwatch.config.models import Config, CrawlSettings
from freshwatch.crawler.columns import coverage_start
from freshwatch.crawler.retry import RetryPolicy
from freshwatch.crawler.run import crawl
from freshwatch.crawler.scope import Scope, TrapLimits
from freshwatch.crawler.types import SiteCrawl
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import ListReading
from tests.crawler.conftest import now
from tests.crawler.readers import SIMPLE, read_list
from tests.crawler.server import MockServer, Reply, html

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 1, 1), date(2025, 10, 1)),
        (date(2026, 3, 31), date(2025, 10, 1)),
        (date(2026, 4, 1), date(2026, 1, 1)),
        (date(2026, 6, 30), date(2026, 1, 1)),
        (date(2026, 7, 1), date(2026, 4, 1)),
        (date(2026, 9, 30), date(2026, 4, 1)),
        (date(2026, 10, 1), date(2026, 7, 1)),
        (date(2026, 12, 31), date(2026, 7, 1)),
        (date(2024, 2, 29), date(2023, 10, 1)),
    ],
)
def test_coverage_starts_at_the_previous_quarter(today: date, start: date) -> None:
    assert coverage_start(today) == start


def test_every_day_of_a_year_starts_its_coverage_three_to_six_months_back() -> None:
    day = date(2025, 1, 1)
    while day.year == 2025:
        start = coverage_start(day)
        months_back = (day.year - start.year) * 12 + day.month - start.month
        assert start.day == 1 and start.month in (1, 4, 7, 10) and 3 <= months_back <= 5, day
        day = date.fromordinal(day.toordinal() + 1)


def list_page(day: str, n: int, pager: str = "") -> Reply:
    return Reply(
        200, html(f"<ul class='list'><li><a href='/a{n}.html'>文{n}</a><span>{day}</span></li></ul>{pager}")
    )


async def read_pages(list_pages: int) -> tuple[SiteCrawl, Counter[str]]:
    """A six-page list (its pager on the first page) whose third page reaches back before the
    previous quarter (2026-07-01)."""
    days = ["2026-11-20", "2026-09-01", "2026-06-30", "2026-05-01", "2026-04-01", "2026-03-01"]
    pager = "".join(f"<a class='next' href='/list/{n}.html'>{n + 1}</a>" for n in range(1, 6))
    routes = {"/": Reply(200, html("首页")), "/list/0.html": list_page(days[0], 0, pager)}
    routes |= {f"/list/{n}.html": list_page(d, n) for n, d in enumerate(days) if n}
    readings: Counter[str] = Counter()

    def counting(page: Page, *, today: date, override: object = None) -> ListReading:
        readings[page.url.rsplit("/", 1)[-1]] += 1
        return read_list(page, today=today, override=override)

    done: list[SiteCrawl] = []

    async def sink(site: SiteCrawl) -> None:
        done.append(site)

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
                                "depth": 1,
                                "columns": [
                                    {"name": "动态", "url": server.url("/list/0.html"), "category": "news"}
                                ],
                            }
                        ],
                    }
                ],
                "crawl": {"timeout": 5, "retries": 0, "list_pages": list_pages},
            }
        )
        await crawl(config, today=TODAY, now=now, sink=sink, readers=replace(SIMPLE, read_list=counting))
    return done[0], readings


@pytest.mark.anyio
async def test_paging_stops_once_two_items_in_order_are_before_the_previous_quarter() -> None:
    """One item older than 2026-07-01 could be a stray; the next one confirms the list has passed it."""
    site, readings = await read_pages(list_pages=10)
    news = site.columns[1]
    assert news.pages_read == 4 and news.reading is not None
    assert news.reading.latest == date(2026, 11, 20) and len(news.reading.items) == 4
    assert readings == Counter({"0.html": 1, "1.html": 1, "2.html": 1, "3.html": 1})  # each page read once
    assert news.history_from == date(2026, 6, 30)  # the anchor: the last update before 2026-07-01


@pytest.mark.anyio
async def test_paging_stops_at_list_pages_when_the_dates_never_reach_back() -> None:
    site, readings = await read_pages(list_pages=2)
    assert site.columns[1].pages_read == 2 and set(readings) == {"0.html", "1.html"}


def test_trap_limits_and_retry_policy_come_from_the_settings_alone() -> None:
    defaults = CrawlSettings()
    scope = Scope(frozenset({"h"}), depth=1, budget=1, today=TODAY)
    assert scope.limits == TrapLimits.from_settings(defaults)
    assert scope.limits.query_variants == defaults.trap_query_variants
    policy = RetryPolicy.from_settings(defaults)
    assert (policy.initial, policy.max_wait) == (defaults.retry_backoff, defaults.retry_backoff_max)
