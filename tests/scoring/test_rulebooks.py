"""The rulebook in force for a quarter, and the annual result."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.config.models import Applies, Rulebook
from freshwatch.reports.wording import error_message
from freshwatch.scoring.errors import MixedYears, NoRulebookInForce
from freshwatch.scoring.rulebooks import annual_result, rulebook_for_quarter
from freshwatch.scoring.types import Quarter
from tests.scoring.helpers import DEMO, NATIONAL


def version(base: Rulebook, name: str, start: date | None, end: date | None = None) -> Rulebook:
    return base.model_copy(update={"name": name, "applies": Applies(**{"from": start, "to": end})})


def test_each_quarter_gets_the_rulebook_in_force_on_its_first_day() -> None:
    books = [
        version(NATIONAL, "open", None),
        version(DEMO, "2018", date(2018, 1, 1), date(2018, 12, 31)),
        version(NATIONAL, "2019-mid", date(2019, 2, 15)),
    ]
    assert rulebook_for_quarter(books, Quarter(2017, 4)).name == "open"
    assert rulebook_for_quarter(books, Quarter(2018, 4)).name == "2018"  # latest start wins
    assert rulebook_for_quarter(books, Quarter(2019, 1)).name == "open"  # mid-quarter: from Q2
    assert rulebook_for_quarter(books, Quarter(2019, 2)).name == "2019-mid"


def test_no_rulebook_in_force_is_a_scoring_error_the_shell_words() -> None:
    only_2018 = [version(DEMO, "2018", date(2018, 1, 1), date(2018, 12, 31))]
    with pytest.raises(NoRulebookInForce) as caught:
        rulebook_for_quarter(only_2018, Quarter(2019, 1))
    assert (caught.value.day, caught.value.configured) == (date(2019, 1, 1), ("2018",))
    assert "2019Q1（2019-01-01） 没有适用的规则" in error_message(caught.value)


def test_annual_composite_weighs_assessment_and_daily_monitoring() -> None:
    scores = {Quarter(2018, n): s for n, s in zip(range(1, 5), (99.55, 100.0, 100.0, 98.0), strict=True)}
    result = annual_result(scores, 90.0, DEMO)
    assert result.year == 2018
    assert result.daily == 99.39  # 99.3875 rounded half-up
    assert result.composite == 93.76  # 0.6 x 90 + 0.4 x 99.3875 = 93.755, from the unrounded mean
    assert [q for q, _ in result.quarters] == [Quarter(2018, n) for n in range(1, 5)]


def test_annual_weights_come_from_the_rulebook() -> None:
    even = DEMO.model_copy(
        update={"annual": DEMO.annual.model_copy(update={"assessment_weight": 0.5, "monitoring_weight": 0.5})}
    )
    assert annual_result({Quarter(2018, 4): 93.5}, 80.0, even).composite == 86.75


def test_annual_with_missing_quarters_or_no_assessment() -> None:
    result = annual_result({Quarter(2018, 3): 99.0, Quarter(2018, 4): 93.5}, None, DEMO)
    assert result.daily == 96.25 and result.composite is None
    assert dict(result.quarters)[Quarter(2018, 1)] is None
    empty = annual_result({}, 90.0, DEMO, year=2018)
    assert (empty.daily, empty.composite) == (None, None)


def test_annual_refuses_quarters_of_several_years() -> None:
    with pytest.raises(MixedYears) as mixed:
        annual_result({Quarter(2018, 4): 99.0, Quarter(2019, 1): 98.0}, None, DEMO)
    assert mixed.value.years == (2018, 2019) and "同一年" in error_message(mixed.value)
    with pytest.raises(MixedYears):
        annual_result({Quarter(2018, 4): 99.0}, None, DEMO, year=2019)
