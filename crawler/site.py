"""One site's crawl: home page, columns, the link walk, the confirmation pass, one ``SiteCrawl``.

Pages read for the lists are the walk's first level, so nothing is fetched twice; every link is
checked once per crawl (results are shared across sites), and only links that fail again in the
confirmation pass at the end are reported broken.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Category, Column, CrawlSettings, Site
from freshwatch.crawler.attachments import AttachmentRead, ContentPlan, read_attachment, wants_attachment
from freshwatch.crawler.columns import ColumnRead, read_column
from freshwatch.crawler.guard import netloc_of
from freshwatch.crawler.links import CheckResult, FetchCache, LinkChecker, SiteContext, learn_site_not_found
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.scope import Scope, TrapLimits
from freshwatch.crawler.types import (
    ColumnMemory,
    ColumnObservation,
    ErrorClass,
    Fetch,
    LinkCheck,
    Referrer,
    SiteCrawl,
)
from freshwatch.detectors.content_types import PageContent
from freshwatch.detectors.links import Normalized, extract_links, normalize_url
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import Link, LinkKind

__all__ = ["CrawlShared", "crawl_site", "entry_pages", "site_hosts"]

log = logging.getLogger("freshwatch.crawler")


@dataclass(slots=True)
class CrawlShared:
    """What all sites of one crawl share: the fetcher's cache, verdicts, the clock and the stop flag."""

    cache: FetchCache
    checker: LinkChecker
    readers: Readers
    settings: CrawlSettings
    today: date
    now: Callable[[], datetime]
    stop: asyncio.Event
    # verdicts shared across sites: the task while it runs, its result once it is in (a finished
    # task still holds its coroutine, kept for every attachment and image of the crawl)
    confirmed: dict[str, asyncio.Task[CheckResult] | CheckResult] = field(default_factory=dict)
    checks: dict[str, asyncio.Task[CheckResult] | CheckResult] = field(default_factory=dict)
    memory: Mapping[tuple[str, str], ColumnMemory] = field(default_factory=dict)  # (unit, column url)
    content: ContentPlan | None = None  # content checks on every page fetched; None: off
    attachment_reads: dict[str, asyncio.Task[AttachmentRead]] = field(default_factory=dict)


def site_hosts(site: Site) -> frozenset[str]:
    return frozenset(netloc_of(url) for url in (site.home, *(c.url for c in site.columns)))


def site_prefixes(site: Site) -> frozenset[str]:
    """The folders a site lives in: a unit's channel on a shared platform is not the whole host."""
    prefixes = set()
    for url in (site.home, *(c.url for c in site.columns)):
        path = urlsplit(_canonical(url)).path
        prefixes.add(netloc_of(url) + path[: path.rfind("/") + 1])
    return frozenset(prefixes)


def _canonical(url: str) -> str:
    return normalize_url(url) or url


def entry_pages(site: Site) -> frozenset[str]:
    """The pages a site is registered by (home and columns), as the crawl requests them."""
    return frozenset(_canonical(url) for url in (site.home, *(c.url for c in site.columns)))


@dataclass(slots=True)
class _Walk:
    referrers: dict[str, list[Referrer]] = field(default_factory=dict)
    kinds: dict[str, LinkKind] = field(default_factory=dict)
    results: dict[str, CheckResult] = field(default_factory=dict)
    pages: dict[str, CheckResult] = field(default_factory=dict)  # HTML pages of this site fetched


class SiteCrawler:
    def __init__(self, shared: CrawlShared, unit_id: str, site: Site) -> None:
        self.shared = shared
        self.unit_id = unit_id
        self.site = site
        settings = shared.settings
        self.hosts = site_hosts(site)
        self.scope = Scope(
            self.hosts,
            prefixes=site_prefixes(site),
            depth=site.depth if site.depth is not None else settings.depth,
            budget=site.page_budget or settings.page_budget,
            today=shared.today,
            limits=TrapLimits.from_settings(settings),
        )
        self.context = SiteContext(home=site.home, hosts=self.hosts)
        self.walk = _Walk()
        self.errors: list[str] = []
        self.expanded: set[str] = set()
        self.keep_trees = True  # until the walk starts: the column readers read the trees
        # links checked at once; the rest wait unstarted (a started check holds a stack of
        # coroutines and futures, and a level of thousands started together was a third of memory)
        self.in_flight = asyncio.Semaphore(settings.walk_in_flight)
        self.normalized: Normalized = {}  # the site's root-relative hrefs, normalised once
        self.requests_left = settings.site_requests  # links of every kind this site may have checked
        self.unchecked = 0  # links found past that budget: reported as a count, never requested
        self.unchecked_urls: set[str] = set()
        self.columns: list[ColumnObservation] = []  # kept as soon as read: a site out of time keeps them
        self.contents: list[PageContent] = []
        self.attachments: list[asyncio.Task[AttachmentRead]] = []

    async def run(self) -> SiteCrawl:
        self.columns, first_level = await self._read_columns()
        await self._walk_levels(first_level)
        links = await self._confirm()
        self.shared.cache.forget(self.walk.pages)  # the site is done: its texts are not needed
        attachments = await asyncio.gather(*self.attachments)
        return self.result(links, tuple(attachments), complete=not self.shared.stop.is_set())

    def result(
        self, links: tuple[LinkCheck, ...], attachments: tuple[AttachmentRead, ...], *, complete: bool
    ) -> SiteCrawl:
        if self.scope.budget_reached:
            self.errors.append(f"page budget of {self.scope.budget} pages reached")
        if self.unchecked:
            self.errors.append(
                f"request budget of {self.shared.settings.site_requests} links reached; "
                f"{self.unchecked} more links not checked"
            )
        return SiteCrawl(
            unit_id=self.unit_id,
            site_home=self.site.home,
            columns=tuple(self.columns),
            links=links,
            pages_fetched=len(self.walk.pages),
            requests=sum(self.shared.cache.fetcher.requests_by_host[h] for h in self.hosts),
            complete=complete,
            errors=tuple(self.errors),
            content=tuple(self.contents),
            attachments=attachments,
        )

    def out_of_time(self) -> SiteCrawl:
        """What a site that ran past ``site_deadline`` keeps: the columns read and the links checked
        (failures unconfirmed are left out, as for a stopped crawl); marked incomplete."""
        self.errors.append(
            f"site deadline of {self.shared.settings.site_deadline:g} s reached; crawl cut short"
        )
        read = tuple(
            t.result() for t in self.attachments if t.done() and not t.cancelled() and not t.exception()
        )
        return self.result(self._link_checks(confirmed=False), read, complete=False)

    async def _read_columns(self) -> tuple[list[ColumnObservation], list[_Visited]]:
        """The home page and the columns: the one phase that keeps parsed trees (the readers share
        pages), reduced to their links when it ends, so no tree outlives it."""
        home = await self.page(_canonical(self.site.home))
        if home.fetch.status is not None:  # a site that answers at all: learn its not-found page
            fetcher = self.shared.cache.fetcher
            print_, redirected = await learn_site_not_found(fetcher, self.site.home, home.page)
            self.context = SiteContext(self.site.home, self.hosts, print_, redirected)
        home_observation = self._home_observation(home)
        reads = await asyncio.gather(*(self._column(c) for c in self.site.columns))
        columns = [home_observation]
        level: list[CheckResult] = [home]
        for column, read in zip(self.site.columns, reads, strict=True):
            columns.append(self._observation(column, read))
            level.extend(p for p in read.pages[: read.pages_read] if p.page is not None)
        first_level = [_Visited.of(r.url, r.page, self) for r in level if r.page is not None]
        self.keep_trees = False
        for url, result in self.walk.pages.items():
            self.walk.pages[url] = result.without_page()
        return columns, first_level

    async def page(self, url: str) -> CheckResult:
        """A page of this site, fetched once and counted against the budget once."""
        known = self.walk.pages.get(url)
        if known is not None:
            return known
        result = await self.shared.checker.check(url, LinkKind.page, self.context)
        self.walk.pages[url] = result if self.keep_trees else result.without_page()
        plan = self.shared.content
        if plan is not None and result.page is not None and result.error is None:
            self.contents.append(plan.scanner.scan_page(result.page))
        return result

    def _read_attachment(self, url: str) -> None:
        """An attachment's text for the content checks, read once per crawl whoever links it."""
        plan = self.shared.content
        if plan is None:
            return
        task = self.shared.attachment_reads.get(url)
        if task is None:
            task = asyncio.ensure_future(read_attachment(self.shared.cache.fetcher, plan, url))
            self.shared.attachment_reads[url] = task
        self.attachments.append(task)

    async def _text(self, url: str) -> Fetch:
        return (await self.shared.cache.get(url, "text")).fetch

    async def _column(self, column: Column) -> ColumnRead:
        return await read_column(
            _canonical(column.url),
            get_page=self.page,
            get_text=self._text,
            readers=self.shared.readers,
            settings=self.shared.settings,
            today=self.shared.today,
            override=column.list,
            memory=self.shared.memory.get((self.unit_id, column.url)),
        )

    def _home_observation(self, home: CheckResult) -> ColumnObservation:
        reading = None
        fetch = home.fetch
        if home.page is not None and home.error is None:
            reading = self.shared.readers.home(home.page, today=self.shared.today)
        elif home.error is not None and fetch.error is None:
            fetch = _with_error(home)
        return ColumnObservation(
            key=ColumnKey(self.unit_id, self.site.home, Category.home.label, self.site.home, Category.home),
            fetch=fetch,
            reading=reading,
            observed_at=self.shared.now(),
        )

    def _observation(self, column: Column, read: ColumnRead) -> ColumnObservation:
        return ColumnObservation(
            key=ColumnKey(self.unit_id, self.site.home, column.name, column.url, column.category),
            fetch=read.fetch,
            reading=read.reading,
            pages_read=read.pages_read,
            observed_at=self.shared.now(),
            history_from=read.history_from,
            walk_end=read.walk_end,
            requests=read.requests,
        )

    async def _walk_levels(self, frontier: list[_Visited]) -> None:
        """Breadth first: links on pages up to ``depth - 1`` clicks away are checked, pages among
        them fetched whole; the pages of the last level are checked but not expanded.

        A page's links are read the moment it arrives and its tree is dropped then: a level of
        trees held until the whole level is in was most of a crawl's memory.
        """
        self.scope.pages = len(self.walk.pages)
        for step in range(self.scope.depth):
            if not frontier or self.shared.stop.is_set():
                break
            pending: dict[str, LinkKind] = {}
            for visited in frontier:
                if visited.url not in self.expanded:
                    self.expanded.add(visited.url)
                    self._collect(visited, pending)
            expand = step < self.scope.depth - 1  # the last level's links are never walked
            checked = await asyncio.gather(*(self._check(url, kind, expand) for url, kind in pending.items()))
            frontier = [v for v in checked if v is not None]

    def _collect(self, visited: _Visited, pending: dict[str, LinkKind]) -> None:
        referrers = self.walk.referrers
        for link in visited.links:
            if len(link.url) > self.shared.settings.max_url:
                link = self._too_long(link)
            found_on = referrers.get(link.url)
            if found_on is None:  # not setdefault: a new list for every link of every page adds up
                found_on = referrers[link.url] = []
            found_on.append(Referrer(visited.source, link.text, link.tag))
            if link.url in self.walk.kinds or link.url in pending:
                continue
            if link.kind is LinkKind.external and not self.shared.settings.check_external:
                continue
            if self.requests_left <= 0:  # past the site's budget: counted once, never requested
                referrers.pop(link.url, None)
                if link.url not in self.unchecked_urls:
                    self.unchecked_urls.add(link.url)
                    self.unchecked += 1
                continue
            if self.scope.trap(link.url) is not None:
                self.scope.skipped += 1
                continue
            if link.kind is LinkKind.page and link.url not in self.walk.pages and not self.scope.take():
                continue
            self.requests_left -= 1
            self.walk.kinds[link.url] = link.kind
            pending[link.url] = link.kind

    def _too_long(self, link: Link) -> Link:
        """A link too long to request (a template that pasted a page into an href): an
        ``invalid_url`` finding under its first ``max_url`` characters, never fetched."""
        limit = self.shared.settings.max_url
        short = link.url[:limit] + "…"
        if short not in self.walk.results:
            fetch = Fetch(url=short, final_url=short, status=None, error=ErrorClass.invalid_url)
            detail = f"link of {len(link.url)} characters (more than {limit}); not requested"
            result = CheckResult(short, link.kind, None, ErrorClass.invalid_url, detail, fetch)
            self.walk.results[short] = result
            self.walk.kinds[short] = link.kind
        return replace(link, url=short)

    async def _check(self, url: str, kind: LinkKind, expand: bool) -> _Visited | None:
        """Check one link; a page to walk into comes back with its links (and without its tree)."""
        async with self.in_flight:
            return await self._check_now(url, kind, expand)

    async def _check_now(self, url: str, kind: LinkKind, expand: bool) -> _Visited | None:
        if kind is LinkKind.page:
            result = await self.page(url)
        else:
            result = await _shared(self.shared.checks, url, lambda: self._check_shared(url, kind))
        self.walk.results[url] = result.without_page()
        if (
            kind is LinkKind.attachment
            and result.error is None
            and wants_attachment(self.shared.content, url)
        ):
            self._read_attachment(url)
        if (
            expand
            and result.kind is LinkKind.page
            and result.page is not None
            and result.error is None
            and url not in self.expanded
            and self.scope.expands(result.url)
        ):
            return _Visited.of(url, result.page, self)
        return None

    async def _check_shared(self, url: str, kind: LinkKind) -> CheckResult:
        """A check other sites may await too; kept for the whole crawl, so kept without a tree."""
        return (await self.shared.checker.check(url, kind, self.context)).without_page()

    async def _confirm(self) -> tuple[LinkCheck, ...]:
        """Ask every failing link again; when the crawl is stopped, unconfirmed ones are left out
        (reported next time), because a link is only called broken after its confirmation."""
        suspects = [r for u, r in self.walk.results.items() if _unconfirmed(r) and u in self.walk.kinds]
        if self.shared.stop.is_set():
            return self._link_checks(confirmed=False)
        confirmed = await asyncio.gather(*(self._confirm_one(r) for r in suspects))
        for result in confirmed:
            self.walk.results[result.url] = result
        return self._link_checks(confirmed=True)

    def _link_checks(self, *, confirmed: bool) -> tuple[LinkCheck, ...]:
        """The links checked so far; unconfirmed failures only when the confirmation pass ran."""
        checks = []
        for url, kind in self.walk.kinds.items():
            found = self.walk.results.get(url)
            if found is None or (not confirmed and _unconfirmed(found)):
                continue
            checks.append(
                LinkCheck(
                    url=url,
                    kind=kind,
                    status=found.status,
                    error=found.error,
                    detail=found.detail,
                    found_on=tuple(self.walk.referrers.get(url, ())),
                    checked_at=found.fetch.fetched_at or self.shared.now(),
                )
            )
        return tuple(checks)

    async def _confirm_one(self, result: CheckResult) -> CheckResult:
        return await _shared(self.shared.confirmed, result.url, lambda: self._confirm_shared(result))

    async def _confirm_shared(self, result: CheckResult) -> CheckResult:
        return (await self.shared.checker.confirm(result, self.context)).without_page()


@dataclass(frozen=True, slots=True)
class _Visited:
    """A page to walk into, reduced to what the walk needs: its URL, its base, its links."""

    url: str  # as linked (what ``expanded`` remembers)
    source: str  # where it was read from (after redirects): the referrer of its links
    links: tuple[Link, ...]

    @classmethod
    def of(cls, url: str, page: Page, crawler: SiteCrawler) -> _Visited:
        links = extract_links(page, site_hosts=crawler.hosts, normalized=crawler.normalized)
        return cls(url, page.url, tuple(links))


async def _shared(
    known: dict[str, asyncio.Task[CheckResult] | CheckResult],
    url: str,
    start: Callable[[], Coroutine[Any, Any, CheckResult]],
) -> CheckResult:
    """The crawl's one verdict for ``url``: started by the first site to ask, awaited by the rest."""
    entry = known.get(url)
    if isinstance(entry, CheckResult):
        return entry
    if entry is None:
        entry = known[url] = asyncio.ensure_future(start())
    result = await asyncio.shield(entry)
    known[url] = result
    return result


def _unconfirmed(result: CheckResult) -> bool:
    """A failure that needs asking again before it is reported (a link never requested does not)."""
    return result.broken and result.error is not ErrorClass.invalid_url


def _with_error(result: CheckResult) -> Fetch:
    return replace(result.fetch, error=result.error, detail=result.detail)


async def crawl_site(shared: CrawlShared, unit_id: str, site: Site) -> SiteCrawl:
    """Crawl one site; a bug inside is reported on the site, never raised into the other sites."""
    crawler = SiteCrawler(shared, unit_id, site)
    try:
        async with asyncio.timeout(shared.settings.site_deadline):
            return await crawler.run()
    except TimeoutError:
        log.warning("site %s ran out of time", site.home, extra={"unit_id": unit_id, "site": site.home})
        return crawler.out_of_time()
    except Exception as exc:  # a bug must not stop the other sites: record it on this one
        log.exception(
            "crawl of site %s (unit %s) failed; the other sites go on",
            site.home,
            unit_id,
            extra={"unit_id": unit_id, "site": site.home},
        )
        return SiteCrawl(
            unit_id=unit_id,
            site_home=site.home,
            columns=(),
            links=(),
            complete=False,
            errors=(*crawler.errors, f"{type(exc).__name__}: {exc}"),
        )
