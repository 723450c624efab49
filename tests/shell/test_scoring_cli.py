"""The 2018-Q4 notice as the office publishes it, through the CLI on the demo database.

The xlsx and docx are opened and compared with the notice's own table (the seed CSV) and text;
the JSON evidence and ``--explain`` must account for every point of the table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from tests.conftest import SEED, require_shared
from tests.shell.conftest import Ran, run_cli

pytestmark = pytest.mark.slow

GROUP = "市信息公开平台"
GROUPED = ["工作动态", "通知公告", "部门文件", "规划计划"]
LINK_UNITS = ["惠南科技园", "区党群办", "区安监分局"]


def seed_rows() -> list[list[str]]:
    text = (require_shared(SEED) / "score-table-2018Q4.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def seed_notice() -> str:
    return (require_shared(SEED) / "notice-2018Q4-simplified.txt").read_text(encoding="utf-8")


def seed_clean_units() -> list[str]:
    """The units the notice says had no problems, in the notice's order."""
    sentence = re.search(r"其中,(.+?)共22个单位", seed_notice())
    assert sentence is not None
    return re.split(r"[、,，]", sentence.group(1))


def shown(cell: Any) -> str:
    """A spreadsheet number as Excel displays it with the cell's number format."""
    decimals = cell.number_format.partition(".")[2]
    return f"{float(cell.value):.{len(decimals)}f}"


def export(url: str, fmt: str, out: Path) -> Path:
    ran = run_cli("--db", url, "score", "--quarter", "2018Q4", "--format", fmt, "--out", str(out))
    assert ran.code == 0, ran.err
    assert out.exists() and out.stat().st_size > 0
    return out


def score_json(url: str) -> dict[str, Any]:
    ran = run_cli("--db", url, "score", "--quarter", "2018Q4", "--format", "json")
    assert ran.code == 0, ran.err
    document: dict[str, Any] = json.loads(ran.out)
    return document


# --- xlsx -------------------------------------------------------------------------------------------


def test_xlsx_cells_equal_the_notice_table(demo_db: tuple[str, Ran], tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(export(demo_db[0], "xlsx", tmp_path / "2018Q4.xlsx")).active
    assert sheet is not None
    header, *expected = seed_rows()
    first = next(row for row in range(1, 10) if sheet.cell(row, 1).value == expected[0][0])
    got = []
    for offset in range(len(expected)):
        cells = [sheet.cell(first + offset, col) for col in range(1, len(header) + 1)]
        got.append([cells[0].value, *(shown(cell) for cell in cells[1:])])
    assert got == expected
    assert (
        sheet.cell(first + len(expected), 1).value != expected[-1][0]
    )  # nothing after the last unit but notes
    assert isinstance(sheet.cell(first, 2).value, int | float)  # numbers stay numbers


def test_xlsx_groups_the_four_platform_columns(demo_db: tuple[str, Ran], tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(export(demo_db[0], "xlsx", tmp_path / "2018Q4.xlsx")).active
    assert sheet is not None
    group_row = next(row for row in range(1, 10) if sheet.cell(row, 2).value == GROUP)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"B{group_row}:E{group_row}" in merged
    titles = [str(sheet.cell(group_row + 1, col).value).split("\n")[0] for col in range(2, 6)]
    assert titles == GROUPED
    header = seed_rows()[0]
    singles = [sheet.cell(group_row, col).value for col in (1, 6, 7, 8, 9)]
    assert singles == [header[0], *header[5:]]
    assert f"A{group_row}:A{group_row + 1}" in merged  # 单位 spans both header rows
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9


# --- docx -------------------------------------------------------------------------------------------


def notice_document(url: str, tmp_path: Path) -> Any:
    return docx.Document(str(export(url, "docx", tmp_path / "2018Q4-通报.docx")))


def section_after(paragraphs: Sequence[str], heading: str) -> str:
    index = next(i for i, text in enumerate(paragraphs) if text.strip() == heading)
    return paragraphs[index + 1]


def test_docx_table_equals_the_notice_table(demo_db: tuple[str, Ran], tmp_path: Path) -> None:
    document = notice_document(demo_db[0], tmp_path)
    assert len(document.tables) == 1
    table = document.tables[0]
    header, *expected = seed_rows()
    top, second = table.rows[0].cells, table.rows[1].cells
    assert [c.text for c in top[1:5]] == [GROUP] * 4
    assert top[1]._tc is top[4]._tc  # one merged cell, not four copies
    assert [c.text.split("\n")[0] for c in second[1:5]] == GROUPED
    assert [top[0].text, *(c.text for c in top[5:])] == [header[0], *header[5:]]
    body = [[cell.text for cell in row.cells] for row in table.rows[2:]]
    assert body == expected


def test_docx_paragraphs_name_the_right_units(demo_db: tuple[str, Ran], tmp_path: Path) -> None:
    paragraphs = [p.text for p in notice_document(demo_db[0], tmp_path).paragraphs]
    overall = section_after(paragraphs, "一、总体情况")
    assert "28个政府网站" in overall and "合格率为100%" in overall
    clean = re.search(r"其中，(.+?)共(\d+)个单位", overall)
    assert clean is not None
    assert re.split(r"[、，]", clean.group(1)) == seed_clean_units()
    assert clean.group(2) == "22"
    problems = section_after(paragraphs, "二、存在的主要问题")
    overdue = re.search(r"内容更新不及时[^；]*", problems)
    assert overdue is not None and "区环保分局" in overdue.group(0) and "规划计划" in overdue.group(0)
    assert all(name not in overdue.group(0) for name in LINK_UNITS)
    assert "、".join(LINK_UNITS) + "3个单位" in problems
    assert "、".join(LINK_UNITS) + "3个单位" in seed_notice()
    assert "三、下一步工作要求" in paragraphs and any(p.startswith("附件：") for p in paragraphs)


def test_docx_sets_chinese_fonts(demo_db: tuple[str, Ran], tmp_path: Path) -> None:
    document = notice_document(demo_db[0], tmp_path)
    east_asian = {
        fonts.get(qn("w:eastAsia"))
        for run in document.element.body.iter(qn("w:r"))
        for fonts in run.iter(qn("w:rFonts"))
    }
    assert "仿宋_GB2312" in east_asian and None not in east_asian


# --- json evidence and --explain --------------------------------------------------------------------


def test_json_evidence_adds_up_to_every_unit_total(demo_db: tuple[str, Ran]) -> None:
    document = score_json(demo_db[0])
    expected = {row[0]: row for row in seed_rows()[1:]}
    assert [u["name"] for u in document["units"]] == list(expected)
    for unit in document["units"]:
        assert sum(d["points"] for d in unit["deductions"]) == pytest.approx(unit["total"])
        assert f"{unit['total']:g}" == expected[unit["name"]][-2]
        assert unit["score_text"] == expected[unit["name"]][-1]
        for deduction in unit["deductions"]:
            assert deduction["title"] in document["titles"]
            assert unit["cells"][deduction["title"]] > 0


def test_json_evidence_of_a_warning_links_and_manual_entries(demo_db: tuple[str, Ran]) -> None:
    units = {u["unit"]: u for u in score_json(demo_db[0])["units"]}
    warning = next(d for d in units["hbfj"]["deductions"] if d["source"] == "stale")
    assert warning["points"] == 5 and warning["title"] == "规划计划"
    assert {k: warning["warning"][k] for k in ("column", "last_update", "due", "trigger")} == {
        "column": "规划计划",
        "last_update": "2017-11-10",
        "due": "2018-11-10",
        "trigger": "2018-11-11",
    }
    for unit_id, count in {"hnkjy": 9, "qdqb": 10, "ajfj": 10}.items():
        (links,) = [d for d in units[unit_id]["deductions"] if d["source"] == "links"]
        assert len(links["links"]) == count and links["points"] == pytest.approx(count * 0.05)
        for link in links["links"]:
            assert link["url"].startswith("http://127.0.0.1:") and link["error"] and link["found_on"]
            # the crawl ran on 2018-12-31 at 02:00 in Asia/Shanghai: that is the day it saw them
            assert link["first_seen"] == link["last_seen"] == "2018-12-31"
    manual = {
        u: [d["manual"] for d in units[u]["deductions"] if d["source"] == "manual"]
        for u in ("shswj", "gtzyfj", "hbfj")
    }
    assert {u: [m["points"] for m in entries] for u, entries in manual.items()} == {
        "shswj": [0.5],
        "gtzyfj": [2],
        "hbfj": [1.5],
    }
    for entries in manual.values():
        assert entries[0]["author"] == "政务公开科" and entries[0]["reason"] and entries[0]["entry_id"]


EXPLAIN_HEAD = re.compile(
    r"^(?P<name>.+)（(?P<id>[a-z0-9_-]+)）2018Q4：季度扣分 (?P<total>[\d.]+)，季度得分 (?P<score>[\d.]+)$"
)
EXPLAIN_POINTS = re.compile(r"^- \[[^]]+\] .*扣 (?P<points>[\d.]+) 分")


def explained_totals(text: str) -> dict[str, tuple[float, float]]:
    """unit name -> (its stated total, the sum of its deduction lines)."""
    found: dict[str, tuple[float, float]] = {}
    current = None
    for line in text.splitlines():
        head = EXPLAIN_HEAD.match(line)
        if head:
            current = head.group("name")
            found[current] = (float(head.group("total")), 0.0)
            continue
        points = EXPLAIN_POINTS.match(line)
        if points:
            assert current is not None, line
            total, summed = found[current]
            found[current] = (total, summed + float(points.group("points")))
    return found


def test_explain_traces_every_point_of_the_table(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2018Q4", "--explain")
    assert ran.code == 0, ran.err
    totals = explained_totals(ran.out)
    expected = {row[0]: float(row[-2]) for row in seed_rows()[1:]}
    assert {name: total for name, (total, _) in totals.items()} == expected
    for name, (total, summed) in totals.items():
        assert summed == pytest.approx(total), name
    assert sum(1 for total, _ in totals.values() if total > 0) == 6


def test_explain_one_unit_shows_its_evidence(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2018Q4", "--unit", "hbfj", "--explain")
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert lines[0].startswith("区环保分局（hbfj）") and len(lines) == 3
    assert (
        "最后更新 2017-11-10" in ran.out
        and "2018-11-10 前更新" in ran.out
        and "2018-11-11 触发预警" in ran.out
    )
    assert "政务公开科" in lines[2] and "扣 1.5 分" in lines[2]
    links = run_cli("--db", demo_db[0], "score", "--quarter", "2018Q4", "--unit", "ajfj", "--explain").out
    # a menu link broken on every page is named with a few of its pages, not a hundred
    assert max(len(line) for line in links.splitlines()) < 400 and "个页面" in links


def test_explain_unknown_unit_is_a_clear_error(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2018Q4", "--unit", "nope", "--explain")
    assert ran.code == 2 and "nope" in ran.err and "hbfj" in ran.err
