"""Importing deductions from CSV: valid files in both header languages, stable keys, and every error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from freshwatch.errors import InputError
from freshwatch.imports import ImportedDeduction, parse_deductions
from scoring.types import Quarter
from tests.exports.seed2018 import TITLES

UNITS = {"区环保分局": "hbfj", "区国土资源分局": "gtfj", "区社会事务局": "shswj"}


def quarter_of(day: date) -> Quarter | None:
    """This office scores 2018 only: anything else is outside every quarter it can score."""
    return Quarter.of(day) if day.year == 2018 else None


def parse(path: Path) -> list[ImportedDeduction]:
    return parse_deductions(path, unit_ids_by_name=UNITS, table_titles=TITLES, quarter_of=quarter_of)


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


CHINESE = (
    "单位,日期,扣分,栏目,原因,来源编号\n"
    "区环保分局,2018-11-20,1.5,政务公开科日常监测,信息更新不及时,RC-3\n"
    "gtfj,2018年12月3日,2,政务公开科日常监测,工作动态栏目逾期未更新,\n"
    "\n"
    "区社会事务局,2018/10/9,0.5,第三方监测报告,\"附件无法下载, 共1个\",TP-7\n"
)


def test_a_chinese_file_by_name_and_id(tmp_path: Path) -> None:
    rows = parse(write(tmp_path, CHINESE))
    assert [(r.line, r.unit_id, r.day, r.points, r.column, r.source_id) for r in rows] == [
        (2, "hbfj", date(2018, 11, 20), 1.5, "政务公开科日常监测", "RC-3"),
        (3, "gtfj", date(2018, 12, 3), 2.0, "政务公开科日常监测", None),
        (5, "shswj", date(2018, 10, 9), 0.5, "第三方监测报告", "TP-7"),
    ]
    assert rows[2].reason == "附件无法下载, 共1个"
    assert {r.quarter for r in rows} == {Quarter(2018, 4)}
    assert len({r.import_key for r in rows}) == 3


def test_an_english_gbk_file_without_source_ids(tmp_path: Path) -> None:
    text = "Unit,Date,Points,Column,Reason\nhbfj,20180705,5,规划计划,规划计划栏目一年未更新\n"
    (row,) = parse(write(tmp_path, text, encoding="gbk"))
    assert (row.unit_id, row.day, row.quarter, row.points, row.source_id) == (
        "hbfj", date(2018, 7, 5), Quarter(2018, 3), 5.0, None)


def test_import_keys_depend_on_content_not_on_the_file(tmp_path: Path) -> None:
    first = parse(write(tmp_path, CHINESE, "a.csv"))
    again = parse(write(tmp_path, CHINESE, "a.csv"))
    assert [r.import_key for r in first] == [r.import_key for r in again]
    reordered = (
        "reason,unit,points,date,column,source_id\n"
        "信息更新不及时,hbfj,1.50,2018-11-20,政务公开科日常监测,RC-3\n"
    )
    (same,) = parse(write(tmp_path, reordered, "b.csv"))
    assert same.import_key == first[0].import_key  # 1.50 == 1.5, name == id, column order irrelevant
    other = parse(write(tmp_path, CHINESE.replace("1.5,", "1.0,"), "c.csv"))
    assert other[0].import_key != first[0].import_key


def test_identical_rows_in_one_file_are_two_deductions(tmp_path: Path) -> None:
    line = "hbfj,2018-11-20,0.5,政务公开科日常监测,错别字\n"
    rows = parse(write(tmp_path, "unit,date,points,column,reason\n" + line + line))
    assert len({r.import_key for r in rows}) == 2
    assert [r.import_key for r in rows] == [r.import_key for r in parse(write(tmp_path, "unit,date,points,column,reason\n" + line + line, "d.csv"))]


HEADER = "单位,日期,扣分,栏目,原因\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "区环保局,2018-11-20,1,规划计划,x\n",
         'line 2, column 单位: "区环保局" is not valid; a unit id or name from the config, 3 units (did you mean "区环保分局"?)'),
        (HEADER + "hbfj,2018-11-20,1,规划,x\n",
         'line 2, column 栏目: "规划" is not valid; one of the table\'s columns: 工作动态、通知公告、部门文件、规划计划、第三方监测报告、政务公开科日常监测'),
        (HEADER + "hbfj,2018-11-20,一分,规划计划,x\n",
         'line 2, column 扣分: "一分" is not valid; a positive number of points like 0.5 or 2'),
        (HEADER + "hbfj,2018-11-20,-1,规划计划,x\n",
         'line 2, column 扣分: "-1" is not valid; a positive number of points like 0.5 or 2'),
        (HEADER + "hbfj,2018-11-20,nan,规划计划,x\n",
         'line 2, column 扣分: "nan" is not valid; a positive number'),
        (HEADER + "hbfj,2018-02-30,1,规划计划,x\n",
         'line 2, column 日期: "2018-02-30" is not valid; a date like 2018-10-05, 2018/10/5, 20181005 or 2018年10月5日'),
        (HEADER + "hbfj,11/20/2018,1,规划计划,x\n", 'line 2, column 日期: "11/20/2018" is not valid; a date like'),
        (HEADER + "hbfj,2019-01-02,1,规划计划,x\n",
         'line 2, column 日期: "2019-01-02" is not valid; a date inside a quarter freshwatch can score'),
        (HEADER + "hbfj,2018-11-20,1,规划计划,  \n",
         'line 2, column 原因: "" is not valid; a reason is required: say what was wrong'),
        (HEADER + "hbfj,2018-11-20,1,规划计划,x,extra\n", "line 2: 6 values but the header has 5 columns"),
        ("unit,date,points,column,why\n", 'line 1, header column 5: "why" is not a known column; use 单位,日期,扣分,栏目,原因[,来源编号] or unit,date,points,column,reason[,source_id]'),
        ("unit,date,points,column\n", "line 1: the header lacks reason; use"),
        ("unit,单位,date,points,column,reason\n", 'line 1: "单位" appears twice in the header'),
        ("", "the file is empty; the first line must be the header"),
    ],
)
def test_errors_name_file_line_column_and_what_is_allowed(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        parse(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_the_line_number_counts_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "hbfj,2018-11-20,1,规划计划,x\n\n\nhbfj,2018-11-20,1,规划,x\n")
    with pytest.raises(InputError, match="line 5, column 栏目"):
        parse(path)


def test_unreadable_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        parse(tmp_path / "missing.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    with pytest.raises(InputError, match="is neither UTF-8 nor GBK"):
        parse(binary)
