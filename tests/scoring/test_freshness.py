"""Issue 2's overdue semantics: triggers, states and reminders."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.config.models import Category
from freshwatch.scoring.freshness import column_status, due_date, reminders, stale_warnings, triggers
from freshwatch.scoring.types import ColumnState, Quarter, Trigger
from tests.scoring.helpers import DEMO, NATIONAL, column

NEWS = DEMO.freshness[Category.news]
NOTICE = DEMO.freshness[Category.notice]
PLAN = DEMO.freshness[Category.plan]
Q4 = Quarter(2018, 4)


def days(found: list[Trigger]) -> list[date]:
    return [t.day for t in found]


def test_worked_example_six_warnings_eighteen_points() -> None:
    news = column(Category.news, date(2018, 9, 20), date(2018, 10, 20), date(2018, 12, 1))
    found = stale_warnings([news], DEMO, start=Q4.start, end=Q4.end)
    assert [w.trigger.day for w in found] == [
        date(2018, 10, 5),
        date(2018, 10, 19),
        date(2018, 11, 4),
        date(2018, 11, 18),
        date(2018, 12, 16),
        date(2018, 12, 30),
    ]
    assert len(found) == 6
    assert sum(w.points for w in found) == 18
    assert [w.trigger.anchor for w in found] == [date(2018, 9, 20)] * 2 + [date(2018, 10, 20)] * 2 + [
        date(2018, 12, 1)
    ] * 2
    assert [w.trigger.repeat_index for w in found] == [1, 2, 1, 2, 1, 2]
    assert found[1].trigger.due == date(2018, 10, 18)


def test_month_end_clamps_and_warns_the_next_day() -> None:
    assert due_date(date(2018, 8, 31), NOTICE) == date(2019, 2, 28)
    found = triggers([date(2018, 8, 31)], NOTICE, start=date(2019, 1, 1), end=date(2019, 12, 31), repeat=True)
    assert days(found) == [date(2019, 3, 1), date(2019, 9, 1)]
    assert found[1].due == date(2019, 8, 31)  # counted from the anchor: no drift after the clamp


def test_leap_day_anchor_keeps_its_day_when_it_exists_again() -> None:
    assert due_date(date(2016, 2, 29), PLAN) == date(2017, 2, 28)
    found = triggers([date(2016, 2, 29)], PLAN, start=date(2017, 1, 1), end=date(2020, 12, 31), repeat=True)
    assert [(t.due, t.day) for t in found] == [
        (date(2017, 2, 28), date(2017, 3, 1)),
        (date(2018, 2, 28), date(2018, 3, 1)),
        (date(2019, 2, 28), date(2019, 3, 1)),
        (date(2020, 2, 29), date(2020, 3, 1)),
    ]


def test_repeat_off_warns_once_per_update() -> None:
    updates = [date(2018, 9, 20), date(2018, 10, 20), date(2018, 12, 1)]
    found = triggers(updates, NEWS, start=Q4.start, end=Q4.end, repeat=False)
    assert days(found) == [date(2018, 10, 5), date(2018, 11, 4), date(2018, 12, 16)]


def test_repeat_off_from_the_rulebook() -> None:
    once = DEMO.model_copy(update={"repeat": False})
    news = column(Category.news, date(2018, 12, 1))
    assert len(stale_warnings([news], once, start=Q4.start, end=Q4.end)) == 1
    assert len(stale_warnings([news], DEMO, start=Q4.start, end=Q4.end)) == 2


def test_updates_after_the_end_are_ignored() -> None:
    updates = [date(2018, 9, 20), date(2018, 10, 10)]
    cut = triggers(updates, NEWS, start=Q4.start, end=date(2018, 10, 8), repeat=True)
    assert days(cut) == [date(2018, 10, 5)]  # the 10-10 update is not known on 10-08
    full = triggers(updates, NEWS, start=Q4.start, end=date(2018, 10, 31), repeat=True)
    assert days(full) == [date(2018, 10, 5), date(2018, 10, 25)]


def test_no_warning_before_the_first_known_update() -> None:
    assert triggers([], NEWS, start=Q4.start, end=Q4.end, repeat=True) == []
    found = triggers([date(2018, 12, 1)], NEWS, start=Q4.start, end=Q4.end, repeat=True)
    assert days(found) == [date(2018, 12, 16), date(2018, 12, 30)]


def test_the_last_update_before_the_quarter_anchors_the_clock() -> None:
    found = triggers([date(2018, 5, 1), date(2018, 6, 1)], NEWS, start=Q4.start, end=Q4.end, repeat=True)
    assert {t.anchor for t in found} == {date(2018, 6, 1)}
    assert days(found)[0] == date(2018, 10, 6)  # 06-01 + 9 x 14d = 10-05, fires 10-06
    assert found[0].repeat_index == 9
    assert len(found) == 7


def test_trigger_on_the_quarter_start_and_end() -> None:
    starts = [date(2018, 9, 16)]  # due 09-30, fires 10-01
    assert days(triggers(starts, NEWS, start=Q4.start, end=Q4.end, repeat=False)) == [date(2018, 10, 1)]
    q3 = Quarter(2018, 3)
    assert triggers(starts, NEWS, start=q3.start, end=q3.end, repeat=False) == []
    ends = [date(2018, 12, 16)]  # due 12-30, fires 12-31
    assert days(triggers(ends, NEWS, start=Q4.start, end=Q4.end, repeat=False)) == [date(2018, 12, 31)]
    assert triggers(ends, NEWS, start=Q4.start, end=date(2018, 12, 30), repeat=False) == []


def test_an_update_on_the_trigger_day_cancels_the_warning() -> None:
    found = triggers([date(2018, 9, 20), date(2018, 10, 5)], NEWS, start=Q4.start, end=Q4.end, repeat=False)
    assert days(found) == [date(2018, 10, 20)]


def test_duplicate_and_unordered_dates_are_one_timeline() -> None:
    updates = [date(2018, 12, 1), date(2018, 9, 20), date(2018, 10, 20), date(2018, 10, 20)]
    assert len(triggers(updates, NEWS, start=Q4.start, end=Q4.end, repeat=True)) == 6


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        (date(2018, 10, 20), ColumnState.ok),
        (date(2018, 10, 30), ColumnState.ok),
        (date(2018, 10, 31), ColumnState.due_soon),  # due 11-03 minus remind 3d
        (date(2018, 11, 3), ColumnState.due_soon),
        (date(2018, 11, 4), ColumnState.overdue),
    ],
)
def test_state_at_as_of_boundaries(as_of: date, state: ColumnState) -> None:
    status = column_status(column(Category.news, date(2018, 10, 20)), DEMO, as_of=as_of)
    assert status.state is state
    assert status.due == date(2018, 11, 3)
    assert status.days_since_update == (as_of - date(2018, 10, 20)).days


def test_dates_after_as_of_do_not_make_a_column_fresh() -> None:
    news = column(Category.news, date(2018, 10, 1), date(2018, 12, 1))
    status = column_status(news, DEMO, as_of=date(2018, 11, 1))
    assert (status.state, status.latest) == (ColumnState.overdue, date(2018, 10, 1))


@pytest.mark.parametrize(
    ("verdict", "state"),
    [
        ("blank", ColumnState.blank),
        ("unreachable", ColumnState.unreachable),
        ("unreadable", ColumnState.unreadable),
    ],
)
def test_last_crawl_verdict_decides_before_dates(verdict: str, state: ColumnState) -> None:
    status = column_status(
        column(Category.news, date(2018, 1, 1), verdict=verdict), DEMO, as_of=date(2018, 6, 1)
    )
    assert status.state is state
    assert status.latest == date(2018, 1, 1)  # what is known stays visible
    assert status.due == date(2018, 1, 15)


def test_undated_columns() -> None:
    undated = column(Category.news, verdict="undated")
    assert column_status(undated, DEMO, as_of=Q4.end).state is ColumnState.undated
    never_dated = column(Category.notice, verdict=None)
    assert column_status(never_dated, DEMO, as_of=Q4.end).state is ColumnState.undated
    earlier_dates = column(Category.news, date(2018, 12, 30), verdict="undated")
    assert column_status(earlier_dates, DEMO, as_of=Q4.end).state is ColumnState.ok


def test_columns_without_a_rule_follow_the_verdict_only() -> None:
    other = column(Category.interpretation, date(2010, 1, 1))
    status = column_status(other, DEMO, as_of=Q4.end)
    assert (status.state, status.due, status.latest) == (ColumnState.ok, None, date(2010, 1, 1))
    blank = column(Category.consultation, verdict="blank")
    assert column_status(blank, DEMO, as_of=Q4.end).state is ColumnState.blank
    assert stale_warnings([other], DEMO, start=Q4.start, end=Q4.end) == []


def test_home_timeline_uses_the_national_home_rule() -> None:
    home = column(Category.home, date(2018, 12, 1))
    assert column_status(home, NATIONAL, as_of=date(2018, 12, 16)).state is ColumnState.overdue
    assert column_status(home, DEMO, as_of=date(2018, 12, 16)).state is ColumnState.ok  # no home rule


def test_reminders_name_the_date_to_update_by() -> None:
    soon = column(Category.news, date(2018, 10, 20), name="工作动态")
    fine = column(Category.notice, date(2018, 10, 1), name="通知公告")
    late = column(Category.plan, date(2017, 1, 1), name="规划计划")
    found = reminders([soon, fine, late], DEMO, as_of=date(2018, 11, 1))
    assert [(r.column_name, r.latest, r.due) for r in found] == [
        ("工作动态", date(2018, 10, 20), date(2018, 11, 3))
    ]


def test_stale_warnings_carry_the_rulebook_deduction() -> None:
    plan = column(Category.plan, date(2017, 11, 10))
    personnel = column(Category.personnel, date(2017, 11, 10))
    found = stale_warnings([plan, personnel], DEMO, start=Q4.start, end=Q4.end)
    assert [(w.category, w.points, w.trigger.day) for w in found] == [
        (Category.plan, 5, date(2018, 11, 11)),
        (Category.personnel, 5, date(2018, 11, 11)),
    ]
