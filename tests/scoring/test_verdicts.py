"""Site verdicts by the national veto items, pre-warnings, pass rate and availability figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from freshwatch.config.models import Category
from freshwatch.scoring.types import ColumnHistory, ProbeOutcome, SiteRef, SiteVerdict, VetoFinding, VetoItem
from freshwatch.scoring.verdicts import availability_stats, failure_ratio, pass_rate, site_verdicts
from tests.scoring.helpers import NATIONAL, column

AS_OF = date(2018, 12, 31)
HOME = "http://127.0.0.1:8101/"
SITE = SiteRef("u1", HOME)
RULES = NATIONAL.verdicts


def probes(
    total: int, failed: int, slow: int = 0, *, day: date = AS_OF, site: str = HOME
) -> list[ProbeOutcome]:
    """``total`` probes spread over the 7 days ending on ``day``; the first ones fail or crawl."""
    out = []
    for n in range(total):
        when = day - timedelta(days=n % 7)
        if n < failed:
            out.append(ProbeOutcome("u1", site, when, ok=False))
        elif n < failed + slow:
            out.append(ProbeOutcome("u1", site, when, ok=True, elapsed=RULES.slow_seconds))
        else:
            out.append(ProbeOutcome("u1", site, when, ok=True, elapsed=0.2))
    return out


def judge(
    histories: Sequence[ColumnHistory] = (), found: Sequence[ProbeOutcome] = (), site: SiteRef = SITE
) -> SiteVerdict:
    (verdict,) = site_verdicts([site], histories, found, NATIONAL, as_of=AS_OF)
    return verdict


def items(findings: tuple[VetoFinding, ...]) -> list[VetoItem]:
    return [f.item for f in findings]


def stale_news(count: int) -> list[ColumnHistory]:
    return [column(Category.news, date(2018, 11, 1), name=f"动态{n}") for n in range(count)]


def test_a_clean_site_passes() -> None:
    verdict = judge(
        [column(Category.home, date(2018, 12, 28)), column(Category.news, date(2018, 12, 25))], probes(140, 0)
    )
    assert verdict.passed and verdict.verdict == "合格"
    assert verdict.prewarnings == () and verdict.availability_ratio == 0


@pytest.mark.parametrize(
    ("failed", "slow", "fails", "prewarns"),
    [(7, 0, True, False), (4, 3, True, False), (5, 0, False, True), (4, 0, False, False)],
)
def test_availability_line_and_prewarning(failed: int, slow: int, fails: bool, prewarns: bool) -> None:
    verdict = judge(found=probes(140, failed, slow))  # 7 of 140 = 5%, 5 of 140 = 3.6%
    assert (VetoItem.availability in items(verdict.failures)) is fails
    assert (VetoItem.availability in items(verdict.prewarnings)) is prewarns


def test_probes_outside_the_window_are_ignored() -> None:
    old = probes(100, 100, day=AS_OF - timedelta(days=7))  # the window is the 7 days ending today
    assert failure_ratio(old + probes(100, 0), RULES, as_of=AS_OF) == 0
    assert failure_ratio(old, RULES, as_of=AS_OF) is None


def test_a_closed_site_is_not_counted_as_down() -> None:
    verdict = judge(found=probes(10, 10), site=SiteRef("u1", HOME, closed=True))
    assert verdict.passed and verdict.availability_ratio == 1


@pytest.mark.parametrize(
    ("latest", "failure", "prewarning"),
    [
        (AS_OF - timedelta(days=10), False, False),
        (AS_OF - timedelta(days=11), False, True),
        (AS_OF - timedelta(days=14), False, True),
        (AS_OF - timedelta(days=15), True, False),
    ],
)
def test_home_page_not_updated(latest: date, failure: bool, prewarning: bool) -> None:
    verdict = judge([column(Category.home, latest)])
    assert (VetoItem.home_stale in items(verdict.failures)) is failure
    assert (VetoItem.home_stale in items(verdict.prewarnings)) is prewarning
    assert verdict.home_latest == latest


def test_an_undated_home_page_counts_as_not_updated() -> None:
    assert items(judge([column(Category.home, verdict="undated")]).failures) == [VetoItem.home_stale]
    assert judge([column(Category.home, verdict="unreachable")]).passed


def test_stale_key_columns_line_and_prewarning() -> None:
    four = judge(stale_news(4))
    assert four.passed and items(four.prewarnings) == [VetoItem.stale_key_columns]
    five = judge(stale_news(5))
    assert items(five.failures) == [VetoItem.stale_key_columns]
    assert five.failures[0].columns == tuple(f"动态{n}" for n in range(5))


def test_undated_columns_count_as_stale_and_other_categories_only_toward_ten() -> None:
    undated = [column(Category.notice, verdict="undated", name=f"通知{n}") for n in range(5)]
    assert items(judge(undated).failures) == [VetoItem.stale_key_columns]
    plans = [column(Category.plan, date(2017, 1, 1), name=f"规划{n}") for n in range(10)]
    verdict = judge(plans)
    assert items(verdict.failures) == [VetoItem.stale_columns]
    assert judge(plans[:9]).passed and items(judge(plans[:9]).prewarnings) == [VetoItem.stale_columns]


def test_columns_without_a_rule_and_fresh_ones_do_not_count() -> None:
    others = [column(Category.other, date(2010, 1, 1), name=f"其他{n}") for n in range(12)]
    fresh = [column(Category.news, date(2018, 12, 30), name=f"新{n}") for n in range(12)]
    verdict = judge(others + fresh)
    assert verdict.passed and verdict.prewarnings == ()


def test_an_unreachable_column_counts_when_its_last_dates_are_overdue() -> None:
    gone = [column(Category.news, date(2018, 1, 1), verdict="unreachable", name=f"动态{n}") for n in range(5)]
    assert items(judge(gone).failures) == [VetoItem.stale_key_columns]


def test_blank_columns() -> None:
    blanks = [column(Category.other, verdict="blank", name=f"空{n}") for n in range(5)]
    assert items(judge(blanks).failures) == [VetoItem.blank_columns]
    assert items(judge(blanks[:4]).prewarnings) == [VetoItem.blank_columns]


def test_sites_are_judged_apart_and_pass_rate() -> None:
    other_home = "http://127.0.0.1:8102/"
    sites = [SITE, SiteRef("u2", other_home)]
    histories = [*stale_news(5), column(Category.news, date(2018, 12, 30), unit="u2", site=other_home)]
    verdicts = site_verdicts(sites, histories, [], NATIONAL, as_of=AS_OF)
    assert [v.verdict for v in verdicts] == ["不合格", "合格"]
    assert pass_rate(verdicts) == 0.5
    assert pass_rate([]) is None


def test_availability_stats_per_day_and_week() -> None:
    monday = date(2018, 12, 24)
    found = [ProbeOutcome("u1", HOME, monday, ok=True, elapsed=t) for t in (0.1, 0.2, 0.3, 0.4, 16.0)] + [
        ProbeOutcome("u1", HOME, monday + timedelta(days=2), ok=False),
        ProbeOutcome("u1", HOME, monday + timedelta(days=2), ok=True, elapsed=1.0),
    ]
    daily = availability_stats(found, RULES)
    assert [(s.period_start, s.probes, s.failures) for s in daily] == [
        (monday, 5, 1),
        (monday + timedelta(days=2), 2, 1),
    ]
    assert daily[0].availability == 0.8 and daily[0].median == 0.3
    assert daily[0].p95 == pytest.approx(12.88)  # inclusive: 0.4 + 0.8 x (16 - 0.4)
    assert daily[1].median == 1.0 and daily[1].p95 == 1.0  # the failed probe has no time
    (weekly,) = availability_stats(found, RULES, by="week")
    assert (weekly.period_start, weekly.probes, weekly.failures) == (monday, 7, 2)
    assert weekly.availability == pytest.approx(5 / 7)


def test_the_home_line_is_the_rulebooks_home_freshness_rule() -> None:
    from freshwatch.config.models import FreshnessRule
    from freshwatch.config.periods import Period

    weekly = FreshnessRule(period=Period(7, "d"), remind=Period(2, "d"), deduct=5)
    rulebook = NATIONAL.model_copy(update={"freshness": {**NATIONAL.freshness, Category.home: weekly}})

    def home_items(days: int) -> tuple[list[VetoItem], list[VetoItem]]:
        history = [column(Category.home, AS_OF - timedelta(days=days))]
        (verdict,) = site_verdicts([SITE], history, [], rulebook, as_of=AS_OF)
        return items(verdict.failures), items(verdict.prewarnings)

    assert home_items(5) == ([], [])
    assert home_items(6) == ([], [VetoItem.home_stale])  # inside the 2-day remind window
    assert home_items(8) == ([VetoItem.home_stale], [])  # due on day 7, stale the day after
    without = NATIONAL.model_copy(
        update={"freshness": {c: r for c, r in NATIONAL.freshness.items() if c is not Category.home}}
    )
    history = [column(Category.home, AS_OF - timedelta(days=60))]
    (verdict,) = site_verdicts([SITE], history, [], without, as_of=AS_OF)
    assert verdict.passed and verdict.prewarnings == ()  # no home rule: the home page is not judged


def test_key_categories_come_from_the_rulebook() -> None:
    plans = [column(Category.plan, date(2016, 1, 1), name=f"规划{n}") for n in range(5)]
    assert items(judge(plans).failures) == []  # plan is not a key category nationally
    rules = NATIONAL.verdicts.model_copy(update={"key_categories": frozenset({Category.plan})})
    (verdict,) = site_verdicts(
        [SITE], plans, [], NATIONAL.model_copy(update={"verdicts": rules}), as_of=AS_OF
    )
    assert items(verdict.failures) == [VetoItem.stale_key_columns]


def test_availability_verdicts_judge_availability_alone_and_spare_closed_sites() -> None:
    from freshwatch.scoring.verdicts import availability_verdicts

    closed = SiteRef("u1", HOME, closed=True)
    down, spared = availability_verdicts([SITE, closed], probes(10, 10), RULES, as_of=AS_OF)
    assert items(down.failures) == [VetoItem.availability] and down.availability_ratio == 1
    assert spared.passed and spared.prewarnings == () and spared.availability_ratio == 1
    (prewarned,) = availability_verdicts([SITE], probes(100, 3), RULES, as_of=AS_OF)
    assert prewarned.passed and items(prewarned.prewarnings) == [VetoItem.availability]
