"""Column discovery for one site: fetch the home page (and its 信息公开 directory page), propose its columns,
and check each proposed URL with the list reader.

``discover_site`` is the one entry point; the CLI prints its result and the web console can call it the
same way (it returns typed values, never prints).  The pure part, links to proposals, is
``detectors.columns``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date

from freshwatch.app.clock import utc_now
from freshwatch.app.errors import HomePageUnreadable
from freshwatch.app.list_check import ListCheck, PageCache, check_list
from freshwatch.config.column_words import ColumnWords, load_column_words
from freshwatch.config.models import Category, CrawlSettings
from freshwatch.crawler.fetch import Fetcher
from freshwatch.crawler.guard import netloc_of
from freshwatch.detectors.columns import (
    ColumnProposal,
    directory_links,
    link_candidates,
    propose_columns,
)
from freshwatch.detectors.page import parse_page

__all__ = ["DiscoveredColumn", "Discovery", "discover_site", "discover_site_sync"]


@dataclass(frozen=True, slots=True)
class DiscoveredColumn:
    proposal: ColumnProposal
    check: ListCheck

    @property
    def name(self) -> str:
        return self.proposal.name

    @property
    def url(self) -> str:
        return self.proposal.url

    @property
    def category(self) -> Category:
        return self.proposal.category

    @property
    def confidence(self) -> float:
        return self.proposal.confidence

    @property
    def is_list(self) -> bool:
        return self.check.is_list


@dataclass(frozen=True, slots=True)
class Discovery:
    home: str  # the home page as fetched (after redirects)
    title: str
    directories: tuple[str, ...]  # the 信息公开 pages read besides the home page
    columns: tuple[DiscoveredColumn, ...]  # every proposal, list or not, in page order

    @property
    def lists(self) -> tuple[DiscoveredColumn, ...]:
        """The proposals worth registering: their URL is a list page."""
        return tuple(c for c in self.columns if c.is_list)


async def discover_site(
    url: str,
    *,
    settings: CrawlSettings,
    today: date,
    words: ColumnWords | None = None,
) -> Discovery:
    """Read the home page and one level of directory pages, then check every proposed column once."""
    words = words or load_column_words()
    async with Fetcher(settings, registered=frozenset({netloc_of(url)}), now=utc_now) as fetcher:
        pages = PageCache(fetcher)
        home = await pages.get(url)
        if home.text is None:
            raise HomePageUnreadable(url, home.error.value if home.error else None, home.status, home.detail)
        home_page = parse_page(home.text, home.final_url)
        candidates = link_candidates(home_page, words, today=today)
        directories = directory_links(candidates, words)[:1]
        for directory in directories:
            fetched = await pages.get(directory)
            if fetched.text is not None:
                candidates += link_candidates(parse_page(fetched.text, fetched.final_url), words, today=today)
        proposals = propose_columns(candidates, words)
        checks = await asyncio.gather(*(check_list(p.url, pages, today=today) for p in proposals))
    columns = tuple(DiscoveredColumn(_settled(p, c), c) for p, c in zip(proposals, checks, strict=True))
    return Discovery(home.final_url, home_page.title, directories, columns)


def discover_site_sync(
    url: str, *, settings: CrawlSettings, today: date, words: ColumnWords | None = None
) -> Discovery:
    """``discover_site`` for callers without an event loop (the CLI)."""
    return asyncio.run(discover_site(url, settings=settings, today=today, words=words))


def _settled(proposal: ColumnProposal, check: ListCheck) -> ColumnProposal:
    """The address the server settled on (``/tzgg`` -> 301 -> ``/tzgg/``): what check-config will expect."""
    linked, _, fragment = proposal.url.partition("#")
    if not check.reachable or check.final_url == linked:
        return proposal
    return replace(proposal, url=check.final_url + (f"#{fragment}" if fragment else ""))
