"""After ONE first crawl on a mid-quarter day, the previous and the current quarter's tables are exact.

Expected warnings are worked out by hand from the demo rulebook (news 14d/3 points, notice and policy
6mo/4, plan 1y/5; a warning fires the day after the due day unless an update came by then; repeats
count from the anchor: anchor + k * period):

区文教局 (wj)
- 工作动态: daily, none 08-01..08-20: anchor 07-31, due 08-14, fires 08-15 (3); 08-21 cancels the
  repeat (08-29).  None 10-10..10-30: anchor 10-09, due 10-23, fires 10-24 (3); 10-31 cancels 11-07.
- 通知公告 (endpoint): 2026-02-10 then 08-20: due 08-10, fires 08-11 (4).
- 部门文件 (dateless): 2026-01-20 then 08-02: due 07-20, fires 07-21 (4).
- 规划计划: 2025-08-15: due 2026-08-15, fires 08-16 (5).
区交通局 (jt)
- 政务动态: last update 06-10: fires 06-25 (Q2), then every 14 days: 07-09, 07-23, 08-06, 08-20,
  09-03, 09-17 (Q3, 6 x 3), 10-01, 10-15, 10-29, 11-12 (Q4 up to 11-16, 4 x 3); 11-26 is still ahead.
- 工作动态: three posts a day; its walk stops at the page cap (25 pages = 125 posts, back to 10-06):
  no warning in the known part, the rest is reported not known.
Links: wj 工作动态's page 13 links a deleted article (404): 0.05 in Q4 (first seen 11-16), none in Q3.
"""

from __future__ import annotations

from datetime import date

from freshwatch.app.read_models import column_statuses, table_for_quarter
from freshwatch.scoring.types import ColumnState, Quarter, QuarterTable
from tests.history.conftest import DEMO, FIRST_DAY, SHANGHAI, Installed, requests_on

Q3, Q4 = Quarter(2026, 3), Quarter(2026, 4)


def table(installed: Installed, quarter: Quarter) -> QuarterTable:
    return table_for_quarter(installed.store, installed.config, DEMO, quarter, today=FIRST_DAY)


def warnings(result: QuarterTable) -> set[tuple[str, str, date, float]]:
    return {
        (d.unit_id, d.warning.column_name, d.warning.trigger.day, d.points)
        for d in result.deductions
        if d.warning is not None
    }


def test_previous_quarter_warnings_are_exactly_the_hand_worked_ones(first_crawl: Installed) -> None:
    assert warnings(table(first_crawl, Q3)) == {
        ("wj", "工作动态", date(2026, 8, 15), 3),
        ("wj", "通知公告", date(2026, 8, 11), 4),
        ("wj", "部门文件", date(2026, 7, 21), 4),
        ("wj", "规划计划", date(2026, 8, 16), 5),
        *(
            ("jt", "政务动态", date(2026, m, d), 3)
            for m, d in ((7, 9), (7, 23), (8, 6), (8, 20), (9, 3), (9, 17))
        ),
    }


def test_previous_quarter_table_rows(first_crawl: Installed) -> None:
    rows = {row.unit_id: (row.cells, row.score) for row in table(first_crawl, Q3).rows}
    assert rows == {"wj": ((3, 4, 4, 5, 0, 0), 84.0), "jt": ((18, 0, 0, 0, 0, 0), 82.0)}


def test_current_quarter_counts_triggers_up_to_the_crawl_day_only(first_crawl: Installed) -> None:
    result = table(first_crawl, Q4)
    assert result.as_of == FIRST_DAY
    assert warnings(result) == {
        ("wj", "工作动态", date(2026, 10, 24), 3),
        *(("jt", "政务动态", date(2026, m, d), 3) for m, d in ((10, 1), (10, 15), (10, 29), (11, 12))),
    }
    rows = {row.unit_id: (row.cells, row.score) for row in result.rows}
    # the deleted article linked from page 13 of 工作动态: one broken link, 0.05, first seen in Q4
    assert rows == {"wj": ((3, 0, 0, 0, 0.05, 0), 96.95), "jt": ((12, 0, 0, 0, 0, 0), 88.0)}


def test_a_finished_quarter_carries_no_as_of(first_crawl: Installed) -> None:
    assert table(first_crawl, Q3).as_of is None


def test_each_column_knows_the_day_its_history_is_complete_from(first_crawl: Installed) -> None:
    statuses = column_statuses(
        first_crawl.store, first_crawl.config.units, DEMO, as_of=FIRST_DAY, tz=SHANGHAI
    )
    known = {(ref.unit.id, ref.name): (st.history.history_from, st.history.walk_end) for ref, st in statuses}
    assert known[("wj", "工作动态")] == (date(2026, 6, 30), "anchor")  # pinned 2019 and promoted 2020 ignored
    assert known[("wj", "通知公告")] == (date(2026, 2, 10), "anchor")
    assert known[("wj", "部门文件")] == (date(2026, 1, 20), "anchor")
    assert known[("wj", "规划计划")] == (date(2025, 8, 15), "anchor")
    assert known[("jt", "政务动态")] == (date(2026, 6, 10), "anchor")
    assert known[("jt", "工作动态")] == (date(2026, 10, 6), "cap")


def test_the_page_cap_leaves_the_older_part_not_known_not_clean(first_crawl: Installed) -> None:
    q3 = {(c.unit_id, c.column_name): c.unknown for c in table(first_crawl, Q3).not_known}
    q4 = {(c.unit_id, c.column_name): c.unknown for c in table(first_crawl, Q4).not_known}
    assert q3 == {("jt", "工作动态"): (date(2026, 7, 1), date(2026, 9, 30))}
    assert q4 == {("jt", "工作动态"): (date(2026, 10, 1), date(2026, 10, 5))}


def test_the_walk_reads_a_post_a_day_column_past_its_pinned_items_to_the_anchor(
    first_crawl: Installed,
) -> None:
    """98 posts from 11-16 back to 07-01 at five a page, then 06-30 and 06-29 on page 20."""
    cost = requests_on(first_crawl.store, FIRST_DAY)
    assert cost[("wj", "工作动态")] == 20
    assert cost[("jt", "工作动态")] == 25  # the cap, from the settings
    assert cost[("wj", "通知公告")] == 3  # the shell page and two endpoint groups
    assert cost[("wj", "部门文件")] == 3 + 30  # three list pages and the articles down to 01-20


def test_status_as_of_a_day_before_the_first_crawl_is_unchecked(first_crawl: Installed) -> None:
    statuses = column_statuses(
        first_crawl.store, first_crawl.config.units, DEMO, as_of=date(2026, 11, 15), tz=SHANGHAI
    )
    assert {st.state for _, st in statuses} == {ColumnState.unchecked}
