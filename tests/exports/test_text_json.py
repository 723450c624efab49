"""The terminal table, the --explain lines and the JSON export, all from the seed table."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from freshwatch.app.errors import InputError
from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Category, Rulebook
from freshwatch.reports.json_export import table_from_json, table_json
from freshwatch.reports.layout import display_width
from freshwatch.reports.text import explain_lines, table_text
from freshwatch.reports.wording import error_message
from freshwatch.scoring.types import ColumnHistory, Deduction, DeductionSource, ManualEntry, QuarterTable
from freshwatch.storage.errors import StoreError


def test_terminal_table_aligns_cjk_columns(table: QuarterTable) -> None:
    lines = table_text(table).splitlines()
    assert lines[0].split() == [
        "单位",
        "工作动态",
        "通知公告",
        "部门文件",
        "规划计划",
        "第三方监测报告",
        "政务公开科日常监测",
        "季度扣分",
        "季度得分",
    ]
    widths = {display_width(line) for line in lines[2:]}
    assert len(widths) == 1  # every row ends in the same terminal column
    hbfj = next(line for line in lines if line.startswith("区环保分局"))
    assert hbfj.split()[1:] == ["0", "0", "0", "5", "0", "1.5", "6.5", "93.50"]
    assert lines[2].split()[-1] == "100.0"
    # 规划计划's number ends under the heading's last character
    assert display_width(hbfj[: hbfj.index("5 ") + 1]) == display_width(
        lines[0][: lines[0].index("规划计划") + 4]
    )


def test_explain_a_warning_and_a_manual_entry(table: QuarterTable, rulebook: Rulebook) -> None:
    lines = explain_lines(table, "hbfj", rulebook)
    assert lines[0] == "区环保分局（hbfj）2018Q4：季度扣分 6.5，季度得分 93.50"
    assert lines[1] == (
        "- [规划计划] 栏目“规划计划”（规划计划）最后更新 2017-11-15，应在 2018-11-15 前更新，"
        "2018-11-16 触发预警，扣 5 分；http://127.0.0.1:8121/ghjh/"
    )
    assert lines[2] == (
        "- [政务公开科日常监测] 2018-11-20 王科员 录入（第3号，来源编号 RC-3）：信息更新不及时，市平台红灯预警，扣 1.5 分"
    )


def test_explain_broken_links_lists_every_url(table: QuarterTable, rulebook: Rulebook) -> None:
    lines = explain_lines(table, "ajfj", rulebook)
    assert lines[1] == "- [第三方监测报告] 失效链接 10 个，扣 0.5 分"
    assert len(lines) == 12
    assert lines[2] == (
        "    · http://127.0.0.1:8100/ajfj/gzdt/t2018_0.html（页面，HTTP 404，页面不存在或拒绝访问）"
        "发现于 http://127.0.0.1:8100/ajfj/gzdt/；首次 2018-10-03，最后 2018-12-28"
    )
    assert "（附件，无法连接）" in lines[-1]


def test_explain_says_error_classes_in_chinese(table: QuarterTable, rulebook: Rulebook) -> None:
    from freshwatch.scoring.types import BrokenLink

    home = "http://127.0.0.1:8100/ajfj/"
    found = (
        BrokenLink(
            "ajfj", f"{home}a.html", "page", "http_4xx", 404, (home,), date(2018, 10, 3), date(2018, 12, 28)
        ),
        BrokenLink(
            "ajfj",
            f"{home}b.pdf",
            "attachment",
            "private_address",
            None,
            (home,),
            date(2018, 10, 3),
            date(2018, 12, 28),
        ),
        BrokenLink(
            "ajfj", f"{home}c.html", "page", "blocked", 403, (home,), date(2018, 10, 3), date(2018, 12, 28)
        ),
    )
    links = Deduction("ajfj", DeductionSource.links, "links", 0.15, links=found)
    lines = explain_lines(replace(table, deductions=(links,)), "ajfj", rulebook)
    assert "a.html（页面，HTTP 404，页面不存在或拒绝访问）" in lines[2]
    assert "b.pdf（附件，指向内网地址）" in lines[3]
    assert "c.html（页面，HTTP 403，疑似被拦截（待人工确认））" in lines[4]
    assert not any("http_4xx" in line or "private_address" in line for line in lines)


def test_explain_without_rulebook_and_clean_units(table: QuarterTable) -> None:
    assert explain_lines(table, "hbfj")[1].startswith("- [栏目更新预警] 栏目“规划计划”")
    assert explain_lines(table, "djkjy")[1:] == ["本季度没有扣分。"]
    with pytest.raises(InputError, match="单位 'nope' 不在 2018Q4 得分表中；表中单位：djkjy, hnkjy"):
        explain_lines(table, "nope")


def test_json_carries_cells_scores_and_evidence(table: QuarterTable, rulebook: Rulebook) -> None:
    document = json.loads(table_json(table, rulebook))
    assert (document["quarter"], document["rulebook"], document["frozen"]) == ("2018Q4", "demo", False)
    units = {unit["unit"]: unit for unit in document["units"]}
    assert list(units) == [unit["unit"] for unit in document["units"]] and len(units) == 28
    hbfj = units["hbfj"]
    assert hbfj["cells"]["规划计划"] == 5 and hbfj["cells"]["政务公开科日常监测"] == 1.5
    assert (hbfj["total"], hbfj["score"], hbfj["score_text"]) == (6.5, 93.5, "93.50")
    warning, manual = hbfj["deductions"]
    assert (warning["source"], warning["table_source"], warning["title"], warning["points"]) == (
        "stale",
        "plan",
        "规划计划",
        5,
    )
    assert warning["warning"] == {
        "column": "规划计划",
        "column_url": "http://127.0.0.1:8121/ghjh/",
        "category": "plan",
        "site": "http://127.0.0.1:8121/",
        "last_update": "2017-11-15",
        "due": "2018-11-15",
        "trigger": "2018-11-16",
        "repeat": 1,
    }
    assert manual["manual"] == {
        "entry_id": 3,
        "author": "王科员",
        "day": "2018-11-20",
        "points": 1.5,
        "column": "政务公开科日常监测",
        "reason": "信息更新不及时，市平台红灯预警",
        "source_id": "RC-3",
        "withdrawn_at": None,
        "withdraw_reason": None,
    }
    links = units["hnkjy"]["deductions"][0]
    assert links["points"] == 0.45 and links["title"] == "第三方监测报告" and len(links["links"]) == 9
    assert links["links"][0] == {
        "url": "http://127.0.0.1:8100/hnkjy/gzdt/t2018_0.html",
        "kind": "page",
        "status": 404,
        "error": "http_4xx",
        "found_on": ["http://127.0.0.1:8100/hnkjy/gzdt/"],
        "first_seen": "2018-10-03",
        "last_seen": "2018-12-28",
    }
    assert units["djkjy"]["deductions"] == [] and units["djkjy"]["score_text"] == "100.0"


def test_json_without_rulebook_still_titles_manual_entries(table: QuarterTable) -> None:
    units = {u["unit"]: u for u in json.loads(table_json(table))["units"]}
    titles = [d["title"] for d in units["hbfj"]["deductions"]]
    assert titles == [None, "政务公开科日常监测"]


def test_json_reads_back_into_the_same_table(table: QuarterTable, rulebook: Rulebook) -> None:
    blank_column = ColumnHistory(
        ColumnKey(
            "djkjy", "http://127.0.0.1:8101/", "人事信息", "http://127.0.0.1:8101/rsxx/", Category.personnel
        ),
        (date(2017, 3, 1), date(2017, 5, 2)),
        "blank",
        (date(2018, 10, 2), date(2018, 12, 30)),
    )
    withdrawn = ManualEntry(
        9,
        "djkjy",
        date(2018, 10, 9),
        1.25,
        "政务公开科日常监测",
        "误报",
        None,
        "李科长",
        datetime(2018, 10, 10, 8, 30, tzinfo=UTC),
        "重复登记",
    )
    extra = (
        Deduction("djkjy", DeductionSource.blank, "blank", 5, blank_column=blank_column),
        Deduction("djkjy", DeductionSource.manual, "manual", 1.25, manual=withdrawn),
        Deduction("djkjy", DeductionSource.availability, "availability", 0.5, note="7日失败率 6%"),
    )
    richer = replace(table, deductions=(*extra, *table.deductions))  # djkjy is the first unit
    back = table_from_json(table_json(richer, rulebook))
    assert back == richer
    assert table_from_json(table_json(richer), frozen=True) == replace(richer, frozen=True)


def test_a_damaged_stored_table_is_a_store_error(table: QuarterTable) -> None:
    document = json.loads(table_json(table))
    del document["units"][3]["cells"]["规划计划"]
    with pytest.raises(StoreError) as caught:
        table_from_json(json.dumps(document))
    assert "数据库中保存的得分表无法读取" in error_message(caught.value)
