"""Every link on the farm resolves as designed: a plain httpx crawl (not the project's crawler)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from freshwatch.demo import DEMO_DAY, Farm
from tests.demo.pages import decode

pytestmark = pytest.mark.slow

_COUNT_PAGE = re.compile(r"var countPage = (\d+)")
_DATE = re.compile(r"(20\d\d)[-/年](\d{1,2})[-/月](\d{1,2})")


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)
    referrers: dict[str, set[str]] = field(default_factory=dict)
    html: dict[str, str] = field(default_factory=dict)


def _links(url: str, text: str) -> set[str]:
    tree = LexborHTMLParser(text)
    raw = [n.attributes.get("href") for n in tree.css("a[href]")] + [
        n.attributes.get("src") for n in tree.css("img")
    ]
    found = {
        urldefrag(urljoin(url, link))[0]
        for link in raw
        if link and not link.startswith(("javascript:", "mailto:", "#"))
    }
    match = _COUNT_PAGE.search(text)  # TRS createPageHTML pagination
    if match:
        found |= {
            urljoin(url, "index.html" if n == 0 else f"index_{n}.html") for n in range(int(match.group(1)))
        }
    return found


async def _crawl(farm: Farm) -> Crawl:
    result = Crawl()
    seeds = [u.home for u in farm.truth.units] + [c.url for u in farm.truth.units for c in u.columns]
    queue: asyncio.Queue[str] = asyncio.Queue()
    seen = set(seeds)
    for seed in seeds:
        queue.put_nowait(seed)
    origins = {o + "/" for o in farm.origins.values()}
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=64), timeout=20) as client:

        async def worker() -> None:
            while True:
                url = await queue.get()
                try:
                    response = await client.get(url, follow_redirects=True)
                    result.status[url] = response.status_code
                    if response.status_code == 200 and response.headers["content-type"].startswith(
                        "text/html"
                    ):
                        text = result.html[url] = decode(response)
                        for link in _links(str(response.url), text):
                            assert any(link.startswith(o) for o in origins), (
                                f"{link} on {url} leaves the farm"
                            )
                            result.referrers.setdefault(link, set()).add(url)
                            if link not in seen:
                                seen.add(link)
                                queue.put_nowait(link)
                finally:
                    queue.task_done()

        workers = [asyncio.create_task(worker()) for _ in range(48)]
        await queue.join()
        for task in workers:
            task.cancel()
    return result


@pytest.fixture(scope="module")
def crawl(farm: Farm) -> Crawl:
    return asyncio.run(_crawl(farm))


def test_every_link_resolves_as_designed(farm: Farm, crawl: Crawl) -> None:
    truth = farm.truth
    failing = {url: status for url, status in crawl.status.items() if status != 200}
    expected = {b.url: b.status for u in truth.units for b in u.broken}
    assert failing == expected
    assert len(crawl.status) > 4000  # the whole farm was walked, not just the seeds


def test_broken_links_are_on_home_or_first_list_pages(farm: Farm, crawl: Crawl) -> None:
    """A first-version crawler (home + column pages + their links) must find every one of them."""
    for unit in farm.truth.units:
        shallow = {unit.home} | {c.url for c in unit.columns}
        for broken in unit.broken:
            assert crawl.referrers[broken.url] & shallow, broken


def test_a_dead_page_linked_from_many_pages_is_one_url(farm: Farm, crawl: Crawl) -> None:
    nav = next(b for b in farm.truth.unit("qdqb").broken if b.design == "nav_page")
    assert len(crawl.referrers[nav.url]) > 50


def test_list_pages_show_exactly_the_truth_dates(farm: Farm, crawl: Crawl) -> None:
    for unit in farm.truth.units:
        for column in unit.columns:
            prefix = column.url.split("?")[0].rsplit("/", 1)[0] + "/"
            pages = [u for u in crawl.html if u.startswith(prefix) and _is_list(u)]
            shown: set[date] = set()
            for url in pages:
                region = crawl.html[url].split('class="column-title"', 1)[1].split('class="pag', 1)[0]
                shown |= {date(int(y), int(m), int(d)) for y, m, d in _DATE.findall(region)}
            assert shown == set(column.dates), column.url
            assert max(shown) == column.latest


def test_no_page_carries_a_date_after_the_demo_day(crawl: Crawl) -> None:
    for url, text in crawl.html.items():
        for y, m, d in _DATE.findall(text):
            assert date(int(y), int(m), int(d)) <= DEMO_DAY, url


def _is_list(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith(("/", "index.html", ".shtml")) or bool(re.search(r"/index_\d+\.html$", path))
