"""The digest is a to-do list: a column overdue since June is named every day, with what it has cost."""

from __future__ import annotations

from datetime import date

from freshwatch.notify.digest import render_digest
from freshwatch.notify.digest.gather import gather_inputs
from freshwatch.notify.digest.send import compose_for
from tests.history.conftest import DEMO, FIRST_DAY, Installed


def digests(installed: Installed, since: date) -> dict[str, str]:
    inputs = gather_inputs(installed.config, installed.store, day=FIRST_DAY, rulebooks=[DEMO], since=since)
    return {d.unit_id: render_digest(d).text for d in compose_for(installed.config, inputs)}


def test_a_column_overdue_for_months_is_listed_with_its_due_date_days_and_points(
    first_crawl: Installed,
) -> None:
    text = digests(first_crawl, since=FIRST_DAY)["jt"]
    assert (
        "政务动态（动态要闻）：最近更新 2026-06-10，应于 2026年6月24日 前更新，"
        "2026年6月25日 起超期（已超期 145 天），本季度至今已扣 12 分"
    ) in text
    assert (
        "【新】" not in text.split("二、")[0]
    )  # its last warning (11-12) is older than this digest's window


def test_what_fired_since_the_last_digest_is_marked_new(first_crawl: Installed) -> None:
    text = digests(first_crawl, since=date(2026, 11, 12))["jt"]
    assert "【新】" in text and "政务动态" in text


def test_a_column_whose_history_is_not_known_is_on_the_list(first_crawl: Installed) -> None:
    text = digests(first_crawl, since=FIRST_DAY)["jt"]
    assert "栏目“工作动态” 2026-10-01 至 2026-10-05 的更新情况未知（更新历史自 2026-10-06 起完整）" in text


def test_the_office_summary_counts_each_units_standing_problems(first_crawl: Installed) -> None:
    office = digests(first_crawl, since=FIRST_DAY)["_office"]
    assert "区交通局：" in office and "待办：超期栏目 1 个" in office


def test_a_broken_link_deep_in_the_walk_is_on_the_list_new_the_first_time(first_crawl: Installed) -> None:
    text = digests(first_crawl, since=FIRST_DAY)["wj"]
    assert f"【新】{first_crawl.farm.base}/wj/gzdt/removed.html（页面，HTTP 404）" in text
    assert f"所在页面：{first_crawl.farm.base}/wj/gzdt/index_12.html" in text
