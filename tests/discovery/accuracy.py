"""Discovery measured against the truth: found (the right list URL among the proposed list pages) and
category right (among the found), over the generated sites and the demo farm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from freshwatch.app.discovery import Discovery
from freshwatch.demo.running import Farm
from freshwatch.demo.units import UNIT_SPECS
from freshwatch.detectors.columns import column_key
from tests.discovery._pages import TODAY
from tests.discovery.farm import Served


@dataclass(frozen=True)
class Expected:
    site: str
    template: str
    name: str
    url: str
    category: str


@dataclass
class Score:
    columns: int = 0
    found: int = 0
    category_right: int = 0
    proposed_lists: int = 0  # list-page proposals, wanted or not: for precision
    misses: list[str] = field(default_factory=list)
    wrong_category: list[str] = field(default_factory=list)

    @property
    def found_ratio(self) -> float:
        return self.found / self.columns if self.columns else 0.0

    @property
    def category_ratio(self) -> float:
        return self.category_right / self.found if self.found else 0.0

    @property
    def precision(self) -> float:
        return self.found / self.proposed_lists if self.proposed_lists else 0.0

    def add(self, other: Score) -> None:
        self.columns += other.columns
        self.found += other.found
        self.category_right += other.category_right
        self.proposed_lists += other.proposed_lists
        self.misses += other.misses
        self.wrong_category += other.wrong_category


def score_site(discovery: Discovery, expected: list[Expected]) -> Score:
    proposed = {column_key(c.url): c for c in discovery.lists}
    score = Score(columns=len(expected), proposed_lists=len(proposed))
    for want in expected:
        got = proposed.get(column_key(want.url))
        if got is None:
            score.misses.append(f"{want.site} {want.name} {want.url}")
            continue
        score.found += 1
        if got.category.value == want.category:
            score.category_right += 1
        else:
            score.wrong_category.append(f"{want.site} {want.name}: {got.category.value} != {want.category}")
    return score


def measure(
    discover: Callable[[str, date], Discovery], sites: list[tuple[str, date, list[Expected]]]
) -> dict[str, Score]:
    """Scores per template; ``sites`` holds (home URL, crawl day, expected columns)."""
    out: dict[str, Score] = {}
    for home, today, expected in sites:
        template = expected[0].template if expected else "?"
        out.setdefault(template, Score()).add(score_site(discover(home, today), expected))
    return out


def total(scores: dict[str, Score]) -> Score:
    whole = Score()
    for score in scores.values():
        whole.add(score)
    return whole


Case = tuple[str, date, list[Expected]]


def generated_cases(served: list[Served]) -> list[Case]:
    """The generated sites' truth, at their own origins."""
    return [
        (
            s.home,
            TODAY,
            [Expected(s.site.id, s.site.template, c.name, s.url(c.path), c.category) for c in s.site.truth],
        )
        for s in served
    ]


def demo_cases(farm: Farm) -> list[Case]:
    """The demo farm's 28 sites: each unit's registered columns (freshwatch/demo/truth.py)."""
    truth = farm.truth
    family = {spec.id: f"demo_{spec.family.value}" for spec in UNIT_SPECS}
    return [
        (
            unit.home,
            truth.day,
            [Expected(unit.unit_id, family[unit.unit_id], c.column, c.url, c.category) for c in unit.columns],
        )
        for unit in truth.units
    ]
