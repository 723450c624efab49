"""征求意见 feedback: the closing day read off the page, the feedback matched by its title."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.detectors.consultation import closing_day, unanswered_consultations
from freshwatch.detectors.content_types import PageFacts
from freshwatch.detectors.types import Item

ITEM = Item(
    "关于公开征求《惠州市养犬管理规定（征求意见稿）》意见的公告",
    "http://x.gov.cn/zqyj/1.html",
    date(2024, 10, 1),
)
FACTS = {ITEM.url: PageFacts(ITEM.url, ITEM.title, closing=date(2024, 10, 15))}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("意见反馈截止时间：2024年10月31日。", date(2024, 10, 31)),
        ("征求意见截止2024年10月15日，逾期不予受理。", date(2024, 10, 15)),
        ("征求意见时间为2024年9月1日至9月30日。", date(2024, 9, 30)),
        ("反馈截止日期：2024-12-10", date(2024, 12, 10)),
        ("欢迎提出意见建议。", None),
    ],
)
def test_closing_day_is_read_from_the_page(text: str, day: date | None) -> None:
    assert closing_day(text) == day


def check(feedback: list[Item], today: date = date(2024, 12, 20), **kw: object) -> list:
    options: dict = {"days": 30, "working_days": False, "today": today, "since": date(2024, 9, 1), **kw}
    return unanswered_consultations([ITEM], feedback, FACTS, **options)


def test_feedback_in_time_is_no_finding() -> None:
    assert (
        check(
            [
                Item(
                    "《惠州市养犬管理规定（征求意见稿）》征求意见采纳情况",
                    "http://x.gov.cn/zqyj/2.html",
                    date(2024, 11, 14),
                )
            ]
        )
        == []
    )


def test_missing_feedback_is_flagged_in_calendar_days() -> None:
    [finding] = check([])
    assert (finding.subtype, finding.days_late, finding.due) == ("missing", 36, date(2024, 11, 14))


def test_late_feedback_is_flagged_late() -> None:
    [finding] = check(
        [Item("《惠州市养犬管理规定》意见采纳情况说明", "http://x.gov.cn/zqyj/3.html", date(2024, 11, 20))]
    )
    assert (finding.subtype, finding.days_late) == ("late", 6)


def test_feedback_of_another_consultation_does_not_count() -> None:
    [finding] = check(
        [Item("《惠州市停车场管理办法》意见采纳情况", "http://x.gov.cn/zqyj/4.html", date(2024, 11, 1))]
    )
    assert finding.subtype == "missing"


def test_still_in_time_is_no_finding() -> None:
    assert check([], today=date(2024, 11, 14)) == []


def test_working_days_setting_counts_on_the_holiday_calendar() -> None:
    [finding] = check([], today=date(2024, 12, 20), days=15, working_days=True)
    assert finding.due == date(2024, 11, 5)  # 15 working days after 10-15
