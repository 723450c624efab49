"""What the outputs say after the first crawl: 截至 for a running quarter, history_from, not known, due dates."""

from __future__ import annotations

import json
from datetime import date, timedelta

from freshwatch.app.clock import local_today
from tests.history.conftest import Installed
from tests.shell.conftest import run_cli


def test_csv_of_a_running_quarter_says_as_of_in_its_first_cell(first_crawl: Installed) -> None:
    ran = run_cli(
        "--db", first_crawl.url, "score", "--quarter", "2026Q4", "--as-of", "2026-11-16", "--format", "csv"
    )
    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[0].startswith("单位（截至 2026-11-16）,")


def test_json_carries_as_of_and_every_columns_history_from(first_crawl: Installed) -> None:
    ran = run_cli("--db", first_crawl.url, "score", "--quarter", "2026Q3", "--format", "json")
    document = json.loads(ran.out)
    assert document["as_of"] is None
    columns = {(c["unit"], c["column"]): c for c in document["columns"]}
    assert columns[("wj", "工作动态")]["history_from"] == "2026-06-30"
    assert columns[("wj", "工作动态")]["not_known"] is None
    capped = columns[("jt", "工作动态")]
    assert (capped["walk_end"], capped["not_known"]) == ("cap", {"from": "2026-07-01", "to": "2026-09-30"})


def test_explain_names_the_days_not_known_and_the_cap(first_crawl: Installed) -> None:
    ran = run_cli("--db", first_crawl.url, "score", "--quarter", "2026Q3", "--explain", "--unit", "jt")
    assert (
        "- [未知] 栏目“工作动态” 2026-07-01 至 2026-09-30 的更新情况未知（更新历史自 2026-10-06 起完整）"
        in ran.out
    )
    assert "翻页达到上限" in ran.out


def test_status_json_has_history_from(first_crawl: Installed) -> None:
    ran = run_cli("--db", first_crawl.url, "status", "--json", "--as-of", "2026-11-16", "--unit", "wj")
    rows = {row["column"]: row for row in json.loads(ran.out)}
    assert rows["部门文件"]["history_from"] == "2026-01-20" and rows["部门文件"]["page_cap_reached"] is False


def test_status_before_the_first_crawl_says_unchecked(first_crawl: Installed) -> None:
    ran = run_cli("--db", first_crawl.url, "status", "--as-of", "2026-11-15", "--unit", "jt")
    assert "未检查" in ran.out and "未注明日期" not in ran.out


def test_warnings_shows_days_after_today_only_as_due_dates(first_crawl: Installed) -> None:
    today = local_today(None)
    ahead = (today + timedelta(days=40)).isoformat()
    ran = run_cli("--db", first_crawl.url, "warnings", "--json", "--unit", "jt", "--to", ahead)
    rows = json.loads(ran.out)
    upcoming = [r for r in rows if r["upcoming"]]
    assert upcoming and all(r["trigger_date"] is None and r["points"] is None for r in upcoming)
    counted = [r for r in rows if not r["upcoming"]]
    assert counted and all(date.fromisoformat(r["trigger_date"]) <= today for r in counted)
    assert all(date.fromisoformat(r["due_date"]) >= today for r in upcoming)


def test_the_notice_notes_say_as_of_and_what_is_not_known(first_crawl: Installed) -> None:
    from freshwatch.app.read_models import table_for_quarter
    from freshwatch.reports.notice import coverage_notes
    from freshwatch.scoring.types import Quarter
    from tests.history.conftest import DEMO

    table = table_for_quarter(
        first_crawl.store, first_crawl.config, DEMO, Quarter(2026, 4), today=date(2026, 11, 16)
    )
    notes = coverage_notes(table, {"wj": "区文教局", "jt": "区交通局"})
    assert notes[0] == "本季度尚未结束，得分截至 2026-11-16。"
    assert notes[1].startswith("区交通局：栏目“工作动态” 2026-10-01 至 2026-10-05 的更新情况未知")
