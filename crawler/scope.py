"""Which pages of a site the crawl walks into, and the traps it refuses to walk into.

A site is its home host plus its columns' hosts.  Pages are walked from the home page and the
columns to ``depth`` clicks and at most ``page_budget`` pages; links found on the last level are
checked, not followed.  Calendars and endless query strings are cut off by shape, not by name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from freshwatch.config.models import CrawlSettings
from freshwatch.crawler.guard import netloc_of

__all__ = ["Scope", "TrapLimits"]

_YEAR_MONTH = re.compile(
    r"(?<!\d)(19|20)(\d{2})[-_/.]?(0[1-9]|1[0-2])(?:[-_/.]?(0[1-9]|[12]\d|3[01]))?(?!\d)"
)


@dataclass(frozen=True, slots=True)
class TrapLimits:
    """Shapes no real government page has; beyond them a URL is a generator, not a page.

    The numbers live in ``CrawlSettings`` only: build this with ``from_settings``.
    """

    query_variants: int  # distinct query strings under one path
    path_depth: int  # path segments
    segment_repeats: int  # one segment occurring this often in a path
    future_months: int  # a date in the URL this many months past today: a calendar link

    @classmethod
    def from_settings(cls, settings: CrawlSettings) -> TrapLimits:
        return cls(
            query_variants=settings.trap_query_variants,
            path_depth=settings.trap_path_depth,
            segment_repeats=settings.trap_segment_repeats,
            future_months=settings.trap_future_months,
        )


class Scope:
    """Per-site walk state: depth of each page, the budget, and the trap counters."""

    def __init__(
        self,
        hosts: frozenset[str],
        *,
        prefixes: frozenset[str] = frozenset(),
        depth: int,
        budget: int,
        today: date,
        limits: TrapLimits | None = None,
    ) -> None:
        self.hosts = hosts
        self.prefixes = prefixes  # "host[:port]/folder/": pages walked into; other pages only checked
        self.depth = depth
        self.budget = budget
        self.today = today
        self.limits = limits or TrapLimits.from_settings(CrawlSettings())
        self.pages = 0
        self.skipped = 0
        self.budget_reached = False
        self._queries: defaultdict[str, set[str]] = defaultdict(set)

    def expands(self, url: str) -> bool:
        """Whether the links of page ``url`` are walked (it lies in one of the site's folders)."""
        if not self.prefixes:
            return netloc_of(url) in self.hosts
        location = netloc_of(url) + urlsplit(url).path
        return any(location.startswith(prefix) for prefix in self.prefixes)

    def take(self) -> bool:
        """Spend one page of the budget; False once it is spent."""
        if self.pages >= self.budget:
            self.budget_reached = True
            return False
        self.pages += 1
        return True

    def trap(self, url: str) -> str | None:
        """Why ``url`` looks like a crawler trap, or None for an ordinary URL."""
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self.limits.path_depth:
            return "path too deep"
        if segments and max(Counter(segments).values()) >= self.limits.segment_repeats:
            return "repeating path segments"
        if self._future(parts.path + "?" + parts.query):
            return "calendar link into the future"
        if parts.query:
            variants = self._queries[parts.path]
            key = "&".join(sorted(f"{k}={v}" for k, v in parse_qsl(parts.query, keep_blank_values=True)))
            if key not in variants:
                if len(variants) >= self.limits.query_variants:
                    return "endless query strings"
                variants.add(key)
        return None

    def _future(self, text: str) -> bool:
        horizon = self.today.year * 12 + self.today.month + self.limits.future_months
        for match in _YEAR_MONTH.finditer(text):
            year = int(match.group(1) + match.group(2))
            month = int(match.group(3))
            if year * 12 + month > horizon:
                return True
        return False
