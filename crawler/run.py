"""The crawl's public entry points: ``crawl``, ``probe_sites`` and ``fetch_page``.

The sites of the selected units are crawled through one ``Fetcher`` (its limits keep every host
polite), ``concurrency // per_host`` of them at once, so memory follows the active sites, not all;
each site goes to ``sink`` the moment it is done, so an interrupted crawl keeps every finished site.
One site's failure, even a bug, never stops the others.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from freshwatch.config.models import Config, CrawlSettings, Site, Unit
from freshwatch.crawler.attachments import ContentPlan
from freshwatch.crawler.fetch import Fetcher, HostPolicy
from freshwatch.crawler.guard import netloc_of
from freshwatch.crawler.links import FetchCache, LinkChecker, status_error
from freshwatch.crawler.readers import Readers, default_readers
from freshwatch.crawler.site import CrawlShared, crawl_site, entry_pages, site_hosts
from freshwatch.crawler.types import ColumnMemory, Fetch, Probe, SiteCrawl

__all__ = ["CrawlProgress", "CrawlSummary", "SiteKey", "crawl", "fetch_page", "probe_sites", "site_groups"]

SiteKey = tuple[str, str]  # (unit id, site home): one site of the registry


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    sites: int
    pages: int
    requests: int
    links_checked: int
    broken: int
    seconds: float
    interrupted: bool = False
    incomplete_sites: tuple[str, ...] = ()  # homes of sites not crawled to the end (a bug, or the stop)

    @property
    def complete(self) -> bool:
        """Every selected site was crawled to the end."""
        return not self.interrupted and not self.incomplete_sites


@dataclass(frozen=True, slots=True)
class CrawlProgress:
    """Reported after each site: enough for a progress bar and a log line."""

    sites_total: int
    sites_done: int
    pages: int
    requests: int
    links_checked: int
    broken: int
    site: str = ""


def _selected(
    config: Config, units: Sequence[str] | None, only: Collection[SiteKey] | None = None
) -> list[tuple[Unit, Site]]:
    wanted = set(units) if units else None
    chosen = [(u, s) for u in config.units if wanted is None or u.id in wanted for s in u.sites]
    if only is None:
        return chosen
    keep = set(only)
    return [(u, s) for u, s in chosen if (u.id, s.home) in keep]


def site_groups(config: Config, units: Sequence[str] | None = None) -> list[tuple[SiteKey, ...]]:
    """The selected sites in groups that share no host, in registry order.

    A host's politeness limits live in one fetcher, so every site on a host must be crawled by the
    same process: sites whose home or columns share a host are joined (transitively) in one group.
    """
    selected = _selected(config, units)
    parent = list(range(len(selected)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, (_, site) in enumerate(selected):
        for host in sorted(site_hosts(site)):
            if host in owner:
                parent[root(index)] = root(owner[host])
            else:
                owner[host] = index
    groups: dict[int, list[SiteKey]] = {}
    for index, (unit, site) in enumerate(selected):
        groups.setdefault(root(index), []).append((unit.id, site.home))
    return [tuple(members) for members in groups.values()]


def host_policies(config: Config) -> dict[str, HostPolicy]:
    """Each registered host's frozen policy: the settings with the site's overrides applied."""
    settings = config.crawl
    policies: dict[str, HostPolicy] = {}
    for unit in config.units:
        for site in unit.sites:
            policy = HostPolicy(
                per_host=site.per_host or settings.per_host,
                min_delay=site.min_delay if site.min_delay is not None else settings.min_delay,
                verify=site.verify,
            )
            for host in site_hosts(site):
                policies.setdefault(host, policy)
    return policies


def sites_at_once(settings: CrawlSettings) -> int:
    """Enough sites to fill every connection at the per-host limit, and no more.

    A site in progress holds its walk's state; started all at once, a province's sites would all
    be in memory together, while the connections they share could not serve them any faster.
    """
    return max(1, settings.concurrency // settings.per_host)


def registered_hosts(config: Config) -> frozenset[str]:
    return frozenset(h for unit in config.units for site in unit.sites for h in site_hosts(site))


def make_fetcher(
    config: Config, now: Callable[[], datetime], *, settings: CrawlSettings | None = None
) -> Fetcher:
    """The one fetcher of a crawl or probe; ``settings`` replaces ``config.crawl`` (e.g. no retries)."""
    return Fetcher(
        settings or config.crawl,
        policies=host_policies(config),
        registered=registered_hosts(config),
        now=now,
    )


async def crawl(
    config: Config,
    *,
    units: Sequence[str] | None = None,
    today: date,
    now: Callable[[], datetime],
    sink: Callable[[SiteCrawl], Awaitable[None]],
    progress: Callable[[CrawlProgress], None] | None = None,
    stop: asyncio.Event | None = None,
    readers: Readers | None = None,
    memory: Mapping[tuple[str, str], ColumnMemory] | None = None,
    content: ContentPlan | None = None,
    only: Collection[SiteKey] | None = None,
) -> CrawlSummary:
    """Crawl every site of ``units`` (all units when None; of those, the sites in ``only`` when
    given: one process's or one task's share); see the module docstring.  ``content``: the content
    checks run on every page fetched (built once per crawl by the caller), or none.

    ``memory``: what storage knows of each (unit, column url), handed in by the shell, so a column is
    walked only until it meets its stored history and no stored article date is fetched again."""
    started = time.monotonic()
    stop = stop or asyncio.Event()
    selected = _selected(config, units, only)
    tally = _Tally(len(selected))
    async with make_fetcher(config, now) as fetcher:
        cache = FetchCache(fetcher, entry_pages=frozenset().union(*(entry_pages(s) for _, s in selected)))
        shared = CrawlShared(
            cache=cache,
            checker=LinkChecker(cache),
            readers=readers or default_readers(),
            settings=config.crawl,
            today=today,
            now=now,
            stop=stop,
            memory=memory or {},
            content=content,
        )

        gate = asyncio.Semaphore(sites_at_once(config.crawl))

        async def one(unit: Unit, site: Site) -> None:
            async with gate:  # held through the sink too: finished sites don't pile up in memory
                if stop.is_set():
                    return
                result = await crawl_site(shared, unit.id, site)
                await sink(result)
            tally.add(result, fetcher.requests)
            if progress is not None:
                progress(tally.progress(site.label))

        tasks = [asyncio.create_task(one(unit, site)) for unit, site in selected]
        try:
            await asyncio.gather(*tasks)
        except BaseException:  # the sink failed (storage is down): stop the other sites cleanly
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        requests = fetcher.requests
    return CrawlSummary(
        sites=tally.done,
        pages=tally.pages,
        requests=requests,
        links_checked=tally.links,
        broken=tally.broken,
        seconds=round(time.monotonic() - started, 3),
        interrupted=stop.is_set(),
        incomplete_sites=tuple(tally.incomplete),
    )


class _Tally:
    def __init__(self, total: int) -> None:
        self.total = total
        self.done = self.pages = self.links = self.broken = self.requests = 0
        self.incomplete: list[str] = []

    def add(self, site: SiteCrawl, requests: int) -> None:
        self.done += 1
        if not site.complete:
            self.incomplete.append(site.site_home)
        self.pages += site.pages_fetched
        self.links += len(site.links)
        self.broken += sum(1 for link in site.links if link.broken)
        self.requests = requests

    def progress(self, label: str) -> CrawlProgress:
        return CrawlProgress(
            self.total, self.done, self.pages, self.requests, self.links, self.broken, site=label
        )


async def probe_sites(
    config: Config, *, units: Sequence[str] | None = None, now: Callable[[], datetime]
) -> list[Probe]:
    """Each selected home page once: status, time to first byte, total time (no retries)."""
    settings = config.crawl.model_copy(update={"retries": 0})
    async with make_fetcher(config, now, settings=settings) as fetcher:

        async def probe(unit: Unit, site: Site) -> Probe:
            fetch = (await fetcher.fetch(site.home, mode="text")).fetch
            error = fetch.error
            if error is None and fetch.status is not None:
                error = status_error(fetch.status)
            return Probe(
                unit_id=unit.id,
                site_home=site.home,
                status=fetch.status,
                error=error,
                ttfb=fetch.ttfb,
                elapsed=fetch.elapsed,
                probed_at=fetch.fetched_at or now(),
            )

        return list(await asyncio.gather(*(probe(u, s) for u, s in _selected(config, units))))


async def fetch_page(
    url: str, settings: CrawlSettings, *, now: Callable[[], datetime], verify: bool = True
) -> Fetch:
    """One page for ``freshwatch explain``: the crawl's fetch rules, decoding and limits."""
    policies = {netloc_of(url): HostPolicy(per_host=settings.per_host, verify=verify)}
    async with Fetcher(
        settings, policies=policies, registered=frozenset({netloc_of(url)}), now=now
    ) as fetcher:
        return (await fetcher.fetch(url, mode="text")).fetch
