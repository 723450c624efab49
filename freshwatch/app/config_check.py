"""``check-config``: every registered column fetched once and judged the way a person setting up would.

Reachable?  A list page?  Dated?  Is the category plausible for what the column is called and what its
page says it holds (the discover category guesser on its name and its page title)?  Is the URL registered
twice?  Did the server send it elsewhere?  Each finding is a ``Finding`` kind; the CLI words it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from freshwatch.app.clock import utc_now
from freshwatch.app.list_check import ListCheck, PageCache, check_list
from freshwatch.config.column_words import ColumnWords
from freshwatch.config.models import Category, Column, Config, Unit
from freshwatch.crawler.fetch import Fetcher, HostPolicy
from freshwatch.crawler.guard import netloc_of
from freshwatch.detectors.columns import CategoryGuess, column_key, guess_category, guess_from_title

__all__ = ["ColumnReport", "Finding", "check_config"]


class Finding(StrEnum):
    unreachable = "unreachable"
    not_a_list = "not_a_list"
    undated = "undated"
    category = "category"
    duplicate = "duplicate"
    redirected = "redirected"


@dataclass(frozen=True, slots=True)
class ColumnReport:
    unit: Unit
    site_home: str
    column: Column
    check: ListCheck
    guess: CategoryGuess  # the surer of the name's and the page title's guess
    duplicates: tuple[str, ...]  # "unit id/column name" of the other registrations of this URL
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


async def check_config(config: Config, *, today: date, words: ColumnWords) -> tuple[ColumnReport, ...]:
    """One fetch per registered column (concurrently, within the crawl's per-host limits)."""
    places: list[tuple[Unit, str, Column]] = [
        (unit, site.home, column) for unit in config.units for site in unit.sites for column in site.columns
    ]
    owners: dict[str, list[str]] = {}
    for unit, _, column in places:
        owners.setdefault(column_key(column.url), []).append(f"{unit.id}/{column.name}")
    settings = config.crawl
    policies = {
        netloc_of(column.url): HostPolicy(per_host=site.per_host or settings.per_host, verify=site.verify)
        for unit in config.units
        for site in unit.sites
        for column in site.columns
    }
    registered = frozenset(policies) | {netloc_of(s.home) for u in config.units for s in u.sites}
    async with Fetcher(settings, policies=policies, registered=registered, now=utc_now) as fetcher:
        pages = PageCache(fetcher)
        checks = await asyncio.gather(
            *(check_list(column.url, pages, today=today) for _, _, column in places)
        )
    reports = []
    for (unit, home, column), check in zip(places, checks, strict=True):
        me = f"{unit.id}/{column.name}"
        others = tuple(o for o in owners[column_key(column.url)] if o != me)
        guess = _guess(column, check, words)
        findings = _findings(column, check, guess, others, words)
        reports.append(ColumnReport(unit, home, column, check, guess, others, findings))
    return tuple(reports)


def _guess(column: Column, check: ListCheck, words: ColumnWords) -> CategoryGuess:
    by_name = guess_category(column.name, words)
    by_title = guess_from_title(check.title, words) if check.title else by_name
    if by_name.category == column.category or (by_name.word is not None and by_title.word is None):
        return by_name
    return max((by_name, by_title), key=lambda g: (g.word is not None, g.confidence))


def _findings(
    column: Column, check: ListCheck, guess: CategoryGuess, others: tuple[str, ...], words: ColumnWords
) -> tuple[Finding, ...]:
    out: list[Finding] = []
    if not check.reachable:
        out.append(Finding.unreachable)
    elif not check.is_list:
        out.append(Finding.not_a_list)
    elif not check.dated and check.items:
        out.append(Finding.undated)
    if check.redirected:
        out.append(Finding.redirected)
    if (
        guess.category != column.category
        and guess.word is not None
        and guess.confidence >= words.plausible_below
        and column.category is not Category.home
    ):
        out.append(Finding.category)
    if others:
        out.append(Finding.duplicate)
    return tuple(out)
