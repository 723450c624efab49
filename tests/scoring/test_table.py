"""The quarterly table: cells from sources, evidence, the notice's number style and CSV bytes."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal

import pytest

from freshwatch.config.models import Category, LinkRule
from freshwatch.scoring.table import format_points, format_score, quarter_table, table_csv, unit_deductions
from freshwatch.scoring.types import BrokenLink, ColumnHistory, DeductionSource, ManualEntry, Quarter
from tests.conftest import SEED, require_shared
from tests.scoring.helpers import DEMO, column

Q4 = Quarter(2018, 4)
DAILY = "政务公开科日常监测"


def broken(
    unit: str, count: int, *, first: date = date(2018, 11, 2), error: str = "http_4xx"
) -> list[BrokenLink]:
    return [
        BrokenLink(
            unit,
            f"http://127.0.0.1:8101/{unit}/{error}/{n}.html",
            "page",
            error,
            404,
            ("http://127.0.0.1:8101/",),
            first,
            first + timedelta(days=3),
        )
        for n in range(count)
    ]


def manual(unit: str, points: float, day: date = date(2018, 12, 10), entry_id: int = 1) -> ManualEntry:
    return ManualEntry(entry_id, unit, day, points, DAILY, "栏目更新不及时")


def fresh_columns(unit: str) -> list[ColumnHistory]:
    """A unit that kept every column fresh all quarter: weekly news, recent notices, plans, policies."""
    weekly = [date(2018, 9, 28) + timedelta(days=7 * n) for n in range(15)]
    return [
        column(Category.news, *weekly, unit=unit),
        column(Category.notice, date(2018, 7, 1), date(2018, 11, 20), unit=unit),
        column(Category.policy, date(2018, 9, 1), unit=unit),
        column(Category.plan, date(2018, 3, 1), unit=unit),
    ]


def notice_inputs() -> tuple[list[tuple[str, str]], list[ColumnHistory], list[BrokenLink], list[ManualEntry]]:
    """Hand-made findings that the 2018-Q4 notice's table scores, plus noise that must not count."""
    seed = require_shared(SEED / "score-table-2018Q4.csv")
    names = [row[0] for row in csv.reader(seed.read_text(encoding="utf-8").splitlines())][1:]
    units = [(f"u{index:02d}", name) for index, name in enumerate(names)]
    ids = {name: unit_id for unit_id, name in units}
    histories = [h for unit_id, _ in units for h in fresh_columns(unit_id)]
    hbfj = ids["区环保分局"]
    histories = [h for h in histories if not (h.unit_id == hbfj and h.category is Category.plan)]
    histories.append(column(Category.plan, date(2017, 11, 10), unit=hbfj))  # fires 2018-11-11: 5 points
    links = [
        *broken(ids["惠南科技园"], 9),
        *broken(ids["区党群办"], 10),
        *broken(ids["区安监分局"], 10),
        *broken(ids["区安监分局"], 3, error="blocked"),  # suspected only
        *broken(ids["东江科技园"], 4, first=date(2018, 9, 1)),  # fixed before Q4 began
    ]
    entries = [
        manual(ids["区社会事务局"], 0.5),
        manual(ids["区国土资源分局"], 1, entry_id=2),
        manual(ids["区国土资源分局"], 1, entry_id=3),
        manual(hbfj, 0.5, entry_id=4),
        manual(hbfj, 1.0, entry_id=5),
        manual(ids["陈江街道"], 3, day=date(2018, 9, 30), entry_id=6),  # Q3: not this table
    ]
    return units, histories, links, entries


def test_notice_table_csv_is_byte_identical() -> None:
    units, histories, links, entries = notice_inputs()
    table = quarter_table(units, histories, links, entries, DEMO, Q4)
    expected = (SEED / "score-table-2018Q4.csv").read_bytes()
    assert table_csv(table).encode("utf-8") == expected


def test_every_point_is_carried_by_evidence() -> None:
    units, histories, links, entries = notice_inputs()
    table = quarter_table(units, histories, links, entries, DEMO, Q4)
    for row in table.rows:
        carried = sum((Decimal(str(d.points)) for d in unit_deductions(table, row.unit_id)), Decimal(0))
        assert carried == Decimal(str(row.total)), row.unit_name
    hbfj = next(r.unit_id for r in table.rows if r.unit_name == "区环保分局")
    stale = [d for d in unit_deductions(table, hbfj) if d.source is DeductionSource.stale]
    assert len(stale) == 1 and stale[0].warning is not None
    trigger = stale[0].warning.trigger
    assert (trigger.anchor, trigger.due, trigger.day) == (
        date(2017, 11, 10),
        date(2018, 11, 10),
        date(2018, 11, 11),
    )
    assert stale[0].table_source == "plan"


def test_links_evidence_lists_distinct_urls_and_skips_blocked() -> None:
    links = broken("u1", 10) + broken("u1", 10) + broken("u1", 2, error="blocked")
    table = quarter_table([("u1", "甲")], [], links, [], DEMO, Q4)
    (deduction,) = table.deductions
    assert deduction.source is DeductionSource.links
    assert len(deduction.links) == 10 and deduction.points == 0.5
    assert table.rows[0].cells[4] == 0.5


def test_blocked_links_count_when_the_rulebook_says_so() -> None:
    strict = DEMO.model_copy(update={"links": LinkRule(deduct_blocked=True)})
    table = quarter_table([("u1", "甲")], [], broken("u1", 2, error="blocked"), [], strict, Q4)
    assert table.rows[0].total == 0.1


def test_link_deductions_are_capped() -> None:
    table = quarter_table([("u1", "甲")], [], broken("u1", 150), [], DEMO, Q4)
    assert table.rows[0].cells[4] == 5
    assert "capped" in table.deductions[0].note


def test_nine_links_are_exactly_045() -> None:
    table = quarter_table([("u1", "甲")], [], broken("u1", 9), [], DEMO, Q4)
    assert table.rows[0].cells[4] == 0.45 and table.rows[0].total == 0.45
    assert table.rows[0].score == 99.55


def test_blank_columns_deduct_once_per_column_seen_blank_in_the_quarter() -> None:
    histories = [
        column(
            Category.other,
            unit="u1",
            name="专题",
            verdict="blank",
            blank_days=(date(2018, 10, 2), date(2018, 10, 3)),
        ),
        column(Category.news, date(2018, 12, 25), unit="u1", name="要闻", blank_days=(date(2018, 11, 1),)),
        column(Category.other, unit="u1", name="旧栏目", blank_days=(date(2018, 9, 30),)),
    ]
    table = quarter_table([("u1", "甲")], histories, [], [], DEMO, Q4)
    blank = [d for d in table.deductions if d.source is DeductionSource.blank]
    assert sorted(d.blank_column.column_name for d in blank if d.blank_column) == ["专题", "要闻"]
    assert table.rows[0].cells[4] == 10


def test_manual_entries_count_under_the_column_they_are_booked_to() -> None:
    entries = [
        ManualEntry(1, "u1", date(2018, 10, 1), 1.25, DAILY, "稿件不规范"),
        ManualEntry(2, "u1", date(2018, 12, 31), 0.75, "第三方监测报告", "错别字"),
        ManualEntry(3, "u1", date(2019, 1, 1), 9, DAILY, "next quarter"),
        ManualEntry(4, "u1", date(2018, 11, 1), 0.5, "已删除的栏目", "rulebook edited since"),
        ManualEntry(5, "u2", date(2018, 11, 1), 7, DAILY, "another unit"),
    ]
    table = quarter_table([("u1", "甲")], [], [], entries, DEMO, Q4)
    row = table.rows[0]
    assert row.cells == (0, 0, 0, 0, 0.75, 1.75)
    assert row.total == 2.5 and row.score == 97.5
    assert sorted(d.manual.entry_id for d in table.deductions if d.manual) == [1, 2, 4]


def test_score_never_drops_below_zero() -> None:
    news = column(Category.news, date(2014, 1, 1), unit="u1")
    plan = column(Category.plan, date(2000, 11, 1), unit="u1")
    row = quarter_table([("u1", "甲")], [news, plan], broken("u1", 200), [], DEMO, Q4).rows[0]
    assert row.cells[:4] == (21, 0, 0, 5)  # 7 news repeats, 1 plan repeat (2018-11-02)
    assert row.total == 31 and row.cells[4] == 5  # links capped at 5
    row2 = quarter_table([("u1", "甲")], [news], [], [manual("u1", 90)], DEMO, Q4).rows[0]
    assert row2.total == 111 and row2.score == 0


def test_as_of_cuts_a_running_quarter() -> None:
    news = column(Category.news, date(2018, 9, 20), date(2018, 10, 20), date(2018, 12, 1), unit="u1")
    row = quarter_table([("u1", "甲")], [news], [], [], DEMO, Q4, as_of=date(2018, 11, 4)).rows[0]
    assert row.cells[0] == 9  # 10-05, 10-19, 11-04; not the December warnings


def test_rows_follow_the_given_unit_order_and_ignore_unknown_units() -> None:
    table = quarter_table([("b", "乙"), ("a", "甲")], [], broken("zz", 3), [], DEMO, Q4)
    assert [r.unit_name for r in table.rows] == ["乙", "甲"]
    assert table.titles[0] == "工作动态" and table.rulebook_name == "demo"
    assert table_csv(table).splitlines()[0].endswith("季度扣分,季度得分")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (0.45, "0.45"),
        (0.5, "0.5"),
        (2, "2"),
        (1.5, "1.5"),
        (6.5, "6.5"),
        (0.1 + 0.2, "0.3"),
        (5.0, "5"),
    ],
)
def test_format_points(value: float, text: str) -> None:
    assert format_points(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (100, "100.0"),
        (99.55, "99.55"),
        (99.5, "99.50"),
        (98, "98.0"),
        (93.5, "93.50"),
        (0, "0.0"),
        (99.555, "99.56"),
    ],
)
def test_format_score(value: float, text: str) -> None:
    assert format_score(value) == text
