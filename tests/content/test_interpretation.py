"""政策解读 deadlines on the State Council calendar: National Day 2024 with its 调休 working weekends
(Sunday 2024-09-29 and Saturday 2024-10-12 were working days; 10-01..10-07 were not)."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.detectors.content_types import PageFacts
from freshwatch.detectors.interpretation import late_interpretations
from freshwatch.detectors.types import Item
from freshwatch.detectors.workdays import add_workdays

POLICY = Item("惠州市甲管理办法", "http://x.gov.cn/zcwj/1.html", date(2024, 9, 27))
SINCE = date(2024, 9, 1)


def check(
    policy: Item, interpretations: list[Item], facts: dict[str, PageFacts] | None = None, **kw: object
) -> list:
    options: dict = {"workdays": 3, "since": SINCE, "today": date(2024, 12, 20), **kw}
    return late_interpretations([policy], interpretations, facts or {}, **options)


def test_deadline_counts_the_working_sunday_and_skips_the_holiday() -> None:
    assert add_workdays(date(2024, 9, 27), 3) == date(2024, 10, 8)  # 9-29 (Sun), 9-30, 10-08


def test_deadline_counts_the_working_saturday() -> None:
    assert add_workdays(date(2024, 10, 10), 3) == date(2024, 10, 14)  # 10-11, 10-12 (Sat), 10-14


def test_interpretation_on_the_last_working_day_is_in_time() -> None:
    assert (
        check(
            POLICY, [Item("《惠州市甲管理办法》政策解读", "http://x.gov.cn/zcjd/1.html", date(2024, 10, 8))]
        )
        == []
    )


def test_interpretation_a_working_day_late_is_flagged_with_days_late() -> None:
    [finding] = check(
        POLICY, [Item("关于《惠州市甲管理办法》的解读", "http://x.gov.cn/zcjd/1.html", date(2024, 10, 9))]
    )
    assert (finding.subtype, finding.days_late, finding.due) == ("late", 1, date(2024, 10, 8))


def test_policy_without_interpretation_counts_working_days_to_today() -> None:
    [finding] = check(POLICY, [], today=date(2024, 10, 12))
    assert (finding.subtype, finding.days_late) == ("missing", 4)  # 10-09, 10-10, 10-11, 10-12


def test_interpretation_found_by_its_link_to_the_policy() -> None:
    item = Item("一图读懂：支持措施", "http://x.gov.cn/zcjd/2.html", date(2024, 10, 8))
    facts = {item.url: PageFacts(item.url, item.title, links=(POLICY.url,))}
    assert check(POLICY, [item], facts) == []


def test_interpretation_found_by_a_reference_in_its_text() -> None:
    item = Item("图解：要点", "http://x.gov.cn/zcjd/3.html", date(2024, 10, 8))
    facts = {item.url: PageFacts(item.url, item.title, references=("惠州市甲管理办法",))}
    assert check(POLICY, [item], facts) == []


@pytest.mark.parametrize("mark", ["http://x.gov.cn/zcwj/1.html", "惠州市甲管理办法"])
def test_policy_marked_not_interpretable_is_skipped(mark: str) -> None:
    assert check(POLICY, [], not_interpretable={mark}) == []


def test_policy_before_the_window_is_not_checked() -> None:
    assert check(POLICY, [], since=date(2024, 10, 1)) == []


def test_year_without_official_calendar_says_so() -> None:
    policy = Item("某办法", "http://x.gov.cn/zcwj/9.html", date(2099, 3, 2))
    [finding] = check(policy, [], since=date(2099, 1, 1), today=date(2099, 4, 1))
    assert "按周一至周五计" in finding.context
