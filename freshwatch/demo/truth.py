"""What a correct crawl of the farm must find: the answers the demo's tests check the pipeline against.

The scoring is never fed from here: the demo table must come out of the crawl.  These values let
tests say *why* a wrong table is wrong (a misread date, a missed or invented broken link).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from freshwatch.demo.content import DEMO_DAY, SiteContent, resolved_broken


@dataclass(frozen=True)
class ColumnTruth:
    unit_id: str
    column: str  # the column's name in the config (工作动态, ...)
    category: str
    url: str
    latest: date  # the newest publish date on or before the demo day
    dates: tuple[date, ...]  # every distinct publish date the column lists, newest first


@dataclass(frozen=True)
class BrokenTruth:
    unit_id: str
    url: str
    status: int  # 404 or 410
    kind: str  # page | attachment | image
    design: str  # which kind of breakage (nav_page, news_article, ...)


@dataclass(frozen=True)
class UnitTruth:
    unit_id: str
    name: str
    home: str
    columns: tuple[ColumnTruth, ...]
    broken: tuple[BrokenTruth, ...]


@dataclass(frozen=True)
class FarmTruth:
    day: date
    units: tuple[UnitTruth, ...]

    def unit(self, unit_id: str) -> UnitTruth:
        return next(u for u in self.units if u.unit_id == unit_id)

    @property
    def broken_urls(self) -> frozenset[str]:
        return frozenset(b.url for u in self.units for b in u.broken)


def unit_truth(site: SiteContent, origin: str) -> UnitTruth:
    columns = []
    for column in site.columns:
        dates = tuple(sorted({a.day for a in column.articles if a.day <= DEMO_DAY}, reverse=True))
        columns.append(
            ColumnTruth(
                site.unit.id, column.title, column.category, origin + column.list_path, dates[0], dates
            )
        )
    broken = tuple(
        BrokenTruth(site.unit.id, origin + spec.path, spec.status, spec.link_kind, spec.kind)
        for spec in resolved_broken(site)
    )
    return UnitTruth(site.unit.id, site.unit.name, origin + "/", tuple(columns), broken)
