"""Which rulebook scores a quarter, and the annual result built from the quarterly scores.

A rulebook names the period it applies to (``applies: {from, to}``, either end open).  A quarter
is scored with the rulebook in force on its first day: rules that change mid-quarter take effect
from the next quarter, so a unit is never judged by a rule it could not know when the quarter
began.  When several rulebooks are in force that day, the one that started latest (the most
specific) wins; an open start counts as the earliest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from freshwatch.config.models import Rulebook
from freshwatch.scoring.errors import MixedYears, NoRulebookInForce
from freshwatch.scoring.table import cents, dec
from freshwatch.scoring.types import AnnualResult, Quarter


def in_force(rulebook: Rulebook, day: date) -> bool:
    applies = rulebook.applies
    return (applies.from_ is None or applies.from_ <= day) and (applies.to is None or day <= applies.to)


def rulebook_for_quarter(rulebooks: Sequence[Rulebook], quarter: Quarter) -> Rulebook:
    """The rulebook in force on the quarter's first day; bad input when none or a tie."""
    return rulebook_on(rulebooks, quarter.start, what=str(quarter))


def rulebook_on(rulebooks: Sequence[Rulebook], day: date, *, what: str = "") -> Rulebook:
    """The rulebook in force on ``day`` (today's judging, digests); the latest start wins.

    Two rulebooks never start on the same day: the config loader refuses that once, at load time.
    """
    candidates = [r for r in rulebooks if in_force(r, day)]
    if not candidates:
        raise NoRulebookInForce(day, what, tuple(r.name for r in rulebooks))
    latest_start = max(_start(r) for r in candidates)
    winners = [r for r in candidates if _start(r) == latest_start]
    if len(winners) > 1:
        raise ValueError(
            f"rulebooks {[r.name for r in winners]} start on the same day; load_rulebooks refuses that"
        )
    return winners[0]


def _start(rulebook: Rulebook) -> date:
    return rulebook.applies.from_ or date.min


def annual_result(
    quarter_scores: Mapping[Quarter, float],
    assessment: float | None,
    rulebook: Rulebook,
    *,
    year: int | None = None,
) -> AnnualResult:
    """The notice's 备注: daily monitoring = mean of the quarters scored; composite weighs it with
    the year-end assessment (60/40 in the notice, from ``rulebook.annual``).

    The composite is computed from the unrounded mean; both are then rounded half-up to hundredths.
    """
    years = {q.year for q in quarter_scores} | ({year} if year is not None else set())
    if len(years) != 1:
        raise MixedYears(tuple(sorted(years)))
    the_year = years.pop()
    quarters = tuple((Quarter(the_year, n), quarter_scores.get(Quarter(the_year, n))) for n in range(1, 5))
    scored = [dec(score) for _, score in quarters if score is not None]
    mean = sum(scored, Decimal(0)) / len(scored) if scored else None
    composite = None
    if mean is not None and assessment is not None:
        weights = rulebook.annual
        composite = dec(weights.assessment_weight) * dec(assessment) + dec(weights.monitoring_weight) * mean
    return AnnualResult(
        year=the_year,
        quarters=quarters,
        daily=float(cents(mean)) if mean is not None else None,
        assessment=assessment,
        composite=float(cents(composite)) if composite is not None else None,
    )
