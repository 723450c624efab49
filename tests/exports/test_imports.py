"""Importing deductions from CSV: valid files in both header languages, stable keys, and every error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from freshwatch.app.deduction_sheet import ImportedDeduction, parse_deductions
from freshwatch.app.errors import InputError
from freshwatch.config.models import ImportSettings
from freshwatch.scoring.types import Quarter
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
    '区社会事务局,2018/10/9,0.5,第三方监测报告,"附件无法下载, 共1个",TP-7\n'
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
        "hbfj",
        date(2018, 7, 5),
        Quarter(2018, 3),
        5.0,
        None,
    )


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


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "hbfj,2018-11-20,1,规划计划,x\n" * 200)
    with pytest.raises(InputError, match=r"超过 1000 字节的上限（imports\.max_bytes）"):
        parse_deductions(
            path, unit_ids_by_name=UNITS, table_titles=TITLES, limits=ImportSettings(max_bytes=1000)
        )


def test_rows_past_the_row_limit_are_refused(tmp_path: Path) -> None:
    rows = "".join(f"hbfj,2018-11-20,1,规划计划,第{i}处\n" for i in range(20))
    with pytest.raises(InputError, match="第 12 行：超过 10 行的上限"):
        parse_deductions(
            write(tmp_path, HEADER + rows),
            unit_ids_by_name=UNITS,
            table_titles=TITLES,
            limits=ImportSettings(max_rows=10),
        )


def test_a_row_repeated_in_one_file_is_one_deduction(tmp_path: Path) -> None:
    # issue 12: a careless copy-paste doubled a row and its points; two real findings differ in
    # their reason or source id
    line = "hbfj,2018-11-20,0.5,政务公开科日常监测,错别字\n"
    rows = parse(write(tmp_path, "unit,date,points,column,reason\n" + line + line))
    assert len(rows) == 1


HEADER = "单位,日期,扣分,栏目,原因\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEADER + "区环保局,2018-11-20,1,规划计划,x\n",
            '第 2 行，单位 列：值 "区环保局" 无效；应为配置中的单位 ID 或名称（共 3 个单位）（是否为 "区环保分局"？）',
        ),
        (
            HEADER + "hbfj,2018-11-20,1,规划,x\n",
            '第 2 行，栏目 列：值 "规划" 无效；应为得分表中的列之一：工作动态、通知公告、部门文件、规划计划、第三方监测报告、政务公开科日常监测',
        ),
        (
            HEADER + "hbfj,2018-11-20,一分,规划计划,x\n",
            '第 2 行，扣分 列：值 "一分" 无效；应为大于 0 且不超过 100 的数字，如 0.5 或 2',
        ),
        (
            HEADER + "hbfj,2018-11-20,-1,规划计划,x\n",
            '第 2 行，扣分 列：值 "-1" 无效；应为大于 0 且不超过 100 的数字，如 0.5 或 2',
        ),
        (HEADER + "hbfj,2018-11-20,nan,规划计划,x\n", '第 2 行，扣分 列：值 "nan" 无效；应为大于 0'),
        (HEADER + "hbfj,2018-11-20,1e308,规划计划,x\n", '第 2 行，扣分 列：值 "1e308" 无效；应为大于 0'),
        (HEADER + "hbfj,2018-11-20,inf,规划计划,x\n", '第 2 行，扣分 列：值 "inf" 无效；应为大于 0'),
        (HEADER + "hbfj,2018-11-20,100.5,规划计划,x\n", '第 2 行，扣分 列：值 "100.5" 无效；应为大于 0'),
        (
            HEADER + "hbfj,2018-11-20,1,规划计划,a\x00b\n",
            '第 2 行，原因 列：值 "a�b" 无效；含有不可见的控制字符',
        ),
        (
            HEADER + "hbfj,2018-11-20,1,规划计划," + "长" * 3000 + "\n",
            '原因 列：值 "' + "长" * 60 + '…（共 3000 个字符）" 无效；单元格最多 2000 个字符',
        ),
        (HEADER + 'hbfj,2018-11-20,1,规划计划,"' + "长" * 140_000 + '"\n', "第 2 行：无法按 CSV 读取"),
        (
            "单位,日期,扣分,栏目,原因,来源编号\n"
            'hbfj,2018-11-20,1,规划计划,"错别字,SRC-1\n'
            "hbfj,2018-11-21,1,规划计划,逾期,SRC-2\n",
            "第 2 行：引号未闭合，后面 1 行被并入同一单元格",
        ),
        (
            HEADER + "hbfj,2018-02-30,1,规划计划,x\n",
            '第 2 行，日期 列：值 "2018-02-30" 无效；应为日期，如 2018-10-05、2018/10/5、20181005 或 2018年10月5日',
        ),
        (HEADER + "hbfj,11/20/2018,1,规划计划,x\n", '第 2 行，日期 列：值 "11/20/2018" 无效；应为日期，如'),
        (
            HEADER + "hbfj,2019-01-02,1,规划计划,x\n",
            '第 2 行，日期 列：值 "2019-01-02" 无效；日期应在可计分的季度内',
        ),
        (
            HEADER + "hbfj,2018-11-20,1,规划计划,  \n",
            '第 2 行，原因 列：值 "" 无效；原因不能为空：请写明扣分原因',
        ),
        (HEADER + "hbfj,2018-11-20,1,规划计划,x,extra\n", "第 2 行：有 6 个值，但表头只有 5 列"),
        (
            "unit,date,points,column,why\n",
            '第 1 行，表头第 5 列："why" 不是可识别的列名；请使用 单位,日期,扣分,栏目,原因[,来源编号] 或 unit,date,points,column,reason[,source_id]',
        ),
        ("unit,date,points,column\n", "第 1 行：表头缺少 reason；请使用"),
        ("unit,单位,date,points,column,reason\n", '第 1 行：表头中 "单位" 出现了两次'),
        ("", "文件为空；第一行应为表头"),
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
    with pytest.raises(InputError, match="第 5 行，栏目 列"):
        parse(path)


def test_unreadable_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="无法读取"):
        parse(tmp_path / "missing.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    with pytest.raises(InputError, match="既不是 UTF-8 也不是 GBK"):
        parse(binary)
