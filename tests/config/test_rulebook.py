"""The built-in rulebooks load and carry the national bands; periods are calendar arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.config import Category, Period, load_rulebook


def test_builtin_rulebooks() -> None:
    national = load_rulebook(None)
    assert national.rule_for(Category.news).period == Period(14, "d")  # type: ignore[union-attr]
    assert national.rule_for(Category.notice).period == Period(6, "mo")  # type: ignore[union-attr]
    assert national.rule_for(Category.plan).period == Period(1, "y")  # type: ignore[union-attr]
    demo = load_rulebook("demo")
    assert [c.title for c in demo.table] == [
        "工作动态",
        "通知公告",
        "部门文件",
        "规划计划",
        "第三方监测报告",
        "政务公开科日常监测",
    ]
    assert demo.links.deduct_each == 0.05 and demo.links.cap == 5


def test_rulebook_survives_a_json_round_trip() -> None:
    demo = load_rulebook("demo")
    again = type(demo).model_validate_json(demo.model_dump_json(by_alias=True))
    assert again == demo


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("14d", date(2018, 12, 25), date(2019, 1, 8)),
        ("6mo", date(2018, 8, 31), date(2019, 2, 28)),
        ("6mo", date(2019, 8, 31), date(2020, 2, 29)),
        ("1y", date(2016, 2, 29), date(2017, 2, 28)),
        ("2w", date(2018, 1, 1), date(2018, 1, 15)),
    ],
)
def test_period_arithmetic(text: str, start: date, expected: date) -> None:
    assert Period.parse(text).after(start) == expected


@pytest.mark.parametrize("bad", ["", "14", "0d", "two weeks", "1.5y", "-3d"])
def test_bad_periods(bad: str) -> None:
    with pytest.raises(ValueError):
        Period.parse(bad)
