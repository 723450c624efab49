"""An undated list is dated from its newest articles, with the project's real detectors.

The national rule counts an undated item as not updated; freshwatch first opens the newest few
articles (``crawl.article_lookups``) and reads their publish dates, so a list that simply doesn't
print dates is judged by its articles, and one whose articles carry no date stays ``undated``.
"""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.config.models import Config
from freshwatch.crawler.run import crawl
from freshwatch.crawler.types import ColumnObservation, SiteCrawl
from freshwatch.detectors.types import DateSource, ListVerdict
from tests.corpus import decode, load_corpus
from tests.crawler.conftest import now
from tests.crawler.server import MockServer, Reply, html

pytestmark = pytest.mark.anyio
TODAY = date(2026, 11, 26)
LIST_PATH = "/zwgk/tzgg/index.html"


def undated_list() -> str:
    """The corpus's county template with no date anywhere on the list."""
    page = next(p for p in load_corpus() if p.id == "undated_ul_01")
    return decode(page.path)


def article(day: date | None) -> Reply:
    info = f"<div class='info'>发布时间：{day:%Y-%m-%d} 10:30　来源：本站</div>" if day else ""
    return Reply(200, html(f"<h1>通知</h1>{info}<div class='content'><p>正文。</p></div>", "通知"))


async def crawl_column(articles: dict[str, Reply], lookups: int = 3) -> tuple[SiteCrawl, MockServer]:
    routes: dict[str, Reply] = {
        "/": Reply(200, html("<a href='/zwgk/tzgg/index.html'>通知公告</a>")),
        LIST_PATH: Reply(200, undated_list()),
    }
    routes.update(articles)
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
                                "columns": [
                                    {"name": "通知公告", "url": server.url(LIST_PATH), "category": "notice"}
                                ],
                            }
                        ],
                    }
                ],
                "crawl": {"timeout": 5, "retries": 1, "article_lookups": lookups, "depth": 0},
            }
        )
        await crawl(config, today=TODAY, now=now, sink=sink)
        return done[0], server


def column_of(site: SiteCrawl) -> ColumnObservation:
    return next(c for c in site.columns if c.column_url.endswith(LIST_PATH))


async def test_an_undated_list_is_dated_from_its_newest_articles() -> None:
    newest = [
        "/zwgk/tzgg/content/post_161675.html",
        "/zwgk/tzgg/content/post_161665.html",
        "/zwgk/tzgg/content/post_161608.html",
    ]
    days = [date(2026, 11, 20), date(2026, 11, 12), date(2026, 10, 30)]
    site, server = await crawl_column({path: article(day) for path, day in zip(newest, days, strict=True)})
    reading = column_of(site).reading
    assert reading is not None and reading.verdict is ListVerdict.ok
    assert reading.latest == date(2026, 11, 20)
    dated = [i for i in reading.items if i.published is not None]
    assert [i.published for i in dated] == days
    assert {i.date_source for i in dated} == {DateSource.article_text}
    assert all(server.hits(path, "GET") == 1 for path in newest)  # opened once each


async def test_articles_without_dates_leave_the_column_undated_never_fresh() -> None:
    newest = ["/zwgk/tzgg/content/post_161675.html", "/zwgk/tzgg/content/post_161665.html"]
    site, server = await crawl_column({path: article(None) for path in newest}, lookups=2)
    assert all(server.hits(path, "GET") == 1 for path in newest)
    reading = column_of(site).reading
    assert reading is not None and reading.verdict is ListVerdict.undated
    assert reading.latest is None
