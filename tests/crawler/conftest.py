"""Helpers for the crawler tests: settings made fast, a checker bound to one test server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from freshwatch.config.models import CrawlSettings
from freshwatch.crawler.fetch import Fetcher, HostPolicy
from freshwatch.crawler.guard import netloc_of
from freshwatch.crawler.links import FetchCache, LinkChecker, SiteContext
from freshwatch.crawler.retry import RetryPolicy

FAST_RETRY = RetryPolicy(attempts=3, retry_after_cap=2.0, initial=0.05, max_wait=0.2, jitter=0.05)


def settings(**overrides: Any) -> CrawlSettings:
    base: dict[str, Any] = {"timeout": 5.0, "connect_timeout": 2.0, "retries": 2, "retry_after_cap": 2.0}
    return CrawlSettings(**{**base, **overrides})


def now() -> datetime:
    return datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@asynccontextmanager
async def checker_for(
    origin: str, crawl: CrawlSettings | None = None, *, verify: bool = True, retry: RetryPolicy | None = None
) -> AsyncIterator[tuple[LinkChecker, SiteContext, Fetcher]]:
    crawl = crawl or settings()
    host = netloc_of(origin)
    fetcher = Fetcher(
        crawl,
        policies={host: HostPolicy(per_host=crawl.per_host, verify=verify)},
        registered=frozenset({host}),
        now=now,
        retry=retry
        or RetryPolicy(
            attempts=crawl.retries + 1,
            retry_after_cap=crawl.retry_after_cap,
            initial=0.05,
            max_wait=0.2,
            jitter=0.05,
        ),
    )
    async with fetcher:
        checker = LinkChecker(FetchCache(fetcher))
        yield checker, SiteContext(home=origin + "/", hosts=frozenset({host})), fetcher
