"""Each date form the sites use, URL dates, the one plausibility rule, and year-less dates."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.detectors.dates import date_from_url, parse_date_text, validate

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2018-10-12", date(2018, 10, 12), False),
        ("2018/10/12", date(2018, 10, 12), False),
        ("2018.10.12", date(2018, 10, 12), False),
        ("[2018-10-12]", date(2018, 10, 12), False),
        ("(2018-10-12)", date(2018, 10, 12), False),
        ("发布时间：2020.04.22", date(2020, 4, 22), False),
        ("2018年10月12日", date(2018, 10, 12), False),
        ("2017年06月08日 10:30", date(2017, 6, 8), True),
        ("2020 年 4月27日 10:30", date(2020, 4, 27), True),
        ("二〇一八年十月十二日", date(2018, 10, 12), False),
        ("二〇二〇年一月三十一日", date(2020, 1, 31), False),
        ("2020/12/31 14:29:32", date(2020, 12, 31), True),
        ("2007-08-20-23:59:59", date(2007, 8, 20), True),
    ],
)
def test_full_forms(text: str, expected: date, has_time: bool) -> None:
    hits = parse_date_text(text, today=TODAY)
    assert [h.value for h in hits] == [expected]
    assert hits[0].has_year and hits[0].ok
    assert hits[0].has_time is has_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10-12", date(2026, 10, 12)),
        ("(10-12)", date(2026, 10, 12)),
        ("12-30", date(2025, 12, 30)),
        ("11月26日", date(2026, 11, 26)),
    ],
)
def test_month_day_takes_the_latest_year_not_after_today(text: str, expected: date) -> None:
    hits = parse_date_text(text, today=TODAY)
    assert [h.value for h in hits] == [expected]
    assert not hits[0].has_year


@pytest.mark.parametrize("text", ["2025-2026学年", "0931-8826049", "3.5", "第2018号", "2018-13-40"])
def test_things_that_are_not_dates(text: str) -> None:
    assert parse_date_text(text, today=TODAY) == []


def test_validation_rejects_future_and_ancient_dates() -> None:
    future, ancient = parse_date_text("2027-01-01 1989-06-01", today=TODAY)
    assert future.problem == "after the crawl day" and not future.ok
    assert ancient.problem is not None and ancient.problem.startswith("before")
    assert validate(TODAY, today=TODAY) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.gov.cn/tzgg/t20181012_123456.html", date(2018, 10, 12)),
        ("./201810/t20181012_123456.html", date(2018, 10, 12)),
        ("http://fgw.zj.gov.cn/art/2018/10/12/art_1_2.html", date(2018, 10, 12)),
        ("//www.cac.gov.cn/2018-10/12/c_1.htm", date(2018, 10, 12)),
        ("http://www.gov.cn/xinwen/2026-09/07/content_1.htm", date(2026, 9, 7)),
        ("/jyt/c110634/202511/174240943.shtml", None),
        ("/art/2018/2/30/art_1_2.html", None),
    ],
)
def test_url_dates(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected
