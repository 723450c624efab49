"""Deductions from outside the crawler, through the CLI: booked, listed, withdrawn, imported.

Each test works on its own copy of the demo database and reads the 2018Q4 table back to see
that the entry moved exactly the points it should, and that a refused entry moved nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.shell.conftest import Ran, run_cli

pytestmark = pytest.mark.slow

MANUAL = "政务公开科日常监测"
LINKS = "第三方监测报告"


def table(url: str) -> dict[str, list[str]]:
    ran = run_cli("--db", url, "score", "--quarter", "2018Q4", "--format", "csv")
    assert ran.code == 0, ran.err
    header, *rows = csv.reader(io.StringIO(ran.out))
    return {"单位": header} | {row[0]: row for row in rows}


def listed(url: str, *extra: str) -> list[dict[str, object]]:
    ran = run_cli("--db", url, "deductions", "list", "--json", *extra)
    assert ran.code == 0, ran.err
    entries: list[dict[str, object]] = json.loads(ran.out)
    return entries


def deduct(url: str, *args: str) -> Ran:
    defaults = {"--unit": "czj", "--points": "1.5", "--date": "2018-11-20", "--reason": "稿件不规范"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = [part for key, value in (defaults | given).items() for part in (key, value)]
    return run_cli("--db", url, "deduct", *argv)


def test_deduct_changes_the_table_and_is_listed(demo_copy: str) -> None:
    ran = deduct(demo_copy, "--source-id", "DC-7", "--author", "张三")
    assert ran.code == 0, ran.err
    assert table(demo_copy)["区财政局"] == ["区财政局", "0", "0", "0", "0", "0", "1.5", "1.5", "98.50"]
    (entry,) = [e for e in listed(demo_copy, "--quarter", "2018Q4") if e["unit_id"] == "czj"]
    assert entry["points"] == 1.5 and entry["column"] == MANUAL and entry["source_id"] == "DC-7"
    assert entry["author"] == "张三" and entry["reason"] == "稿件不规范"
    assert len(listed(demo_copy, "--quarter", "2018Q3")) == 0


@pytest.mark.parametrize(
    ("args", "named", "allowed"),
    [
        (("--unit", "nope"), "nope", "hbfj"),
        (("--points", "-1"), "-1", "大于 0"),
        (("--points", "abc"), "abc", "大于 0"),
        (("--points", "nan"), "nan", "大于 0"),
        (("--points", "101"), "101", "不超过 100"),
        (("--date", "2018-13-01"), "2018-13-01", "YYYY-MM-DD"),
        (("--date", "2099-01-01"), "2099-01-01", "晚于今天"),
        (("--column", "工作动态"), "工作动态", MANUAL),
        (("--reason", "   "), "--reason", "原因"),
    ],
)
def test_bad_deduct_exits_2_naming_what_is_allowed(
    demo_copy: str, args: tuple[str, str], named: str, allowed: str
) -> None:
    before = table(demo_copy)
    ran = deduct(demo_copy, *args)
    assert ran.code == 2
    assert named in ran.err and allowed in ran.err, ran.err
    assert "Traceback" not in ran.err
    assert table(demo_copy) == before
    assert all(e["unit_id"] != "czj" for e in listed(demo_copy, "--all"))


def test_withdraw_restores_the_table_and_keeps_the_record(demo_copy: str) -> None:
    before = table(demo_copy)
    assert deduct(demo_copy).code == 0
    (entry,) = [e for e in listed(demo_copy) if e["unit_id"] == "czj"]
    assert table(demo_copy) != before
    ran = run_cli("--db", demo_copy, "deductions", "withdraw", str(entry["entry_id"]), "--reason", "误录")
    assert ran.code == 0, ran.err
    assert table(demo_copy) == before
    assert all(e["unit_id"] != "czj" for e in listed(demo_copy))
    (kept,) = [e for e in listed(demo_copy, "--all") if e["unit_id"] == "czj"]
    assert kept["withdraw_reason"] == "误录" and kept["withdrawn_at"]
    again = run_cli("--db", demo_copy, "deductions", "withdraw", str(entry["entry_id"]), "--reason", "再撤")
    assert again.code == 2 and "已于" in again.err and "撤销" in again.err and "误录" in again.err
    missing = run_cli("--db", demo_copy, "deductions", "withdraw", "9999", "--reason", "x")
    assert missing.code == 2 and "9999" in missing.err


# --- import-deductions ------------------------------------------------------------------------------

GOOD = (
    "单位,日期,扣分,栏目,原因,来源编号\n"
    f"区财政局,2018-11-20,0.5,{LINKS},首页链接无法打开,R-001\n"
    f"czj,2018/12/3,1,{MANUAL},稿件不规范,\n"
    f"区住建局,2018年10月9日,2,{MANUAL},附件无法下载,R-002\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_import_adds_rows_once(demo_copy: str, tmp_path: Path) -> None:
    before = table(demo_copy)
    sheet = write(tmp_path, "第三方报告.csv", GOOD)
    first = run_cli("--db", demo_copy, "import-deductions", str(sheet))
    assert first.code == 0, first.err
    assert "新增 3 条" in first.err
    after = table(demo_copy)
    assert after["区财政局"] == ["区财政局", "0", "0", "0", "0", "0.5", "1", "1.5", "98.50"]
    assert after["区住建局"][-3:] == ["2", "2", "98.0"]
    assert {k: v for k, v in after.items() if k not in ("区财政局", "区住建局")} == {
        k: v for k, v in before.items() if k not in ("区财政局", "区住建局")
    }
    second = run_cli("--db", demo_copy, "import-deductions", str(sheet))
    assert second.code == 0 and "新增 0 条" in second.err and "跳过 3 条" in second.err
    assert table(demo_copy) == after
    imported = [e for e in listed(demo_copy) if str(e["author"]).startswith("import:")]
    assert sorted(str(e["source_id"]) for e in imported) == ["None", "R-001", "R-002"]


def test_import_reads_an_excel_gbk_file_with_english_header(demo_copy: str, tmp_path: Path) -> None:
    text = f"unit,date,points,column,reason\n区财政局,2018-11-20,0.5,{MANUAL},日常检查\n"
    ran = run_cli("--db", demo_copy, "import-deductions", str(write(tmp_path, "gbk.csv", text, "gb18030")))
    assert ran.code == 0, ran.err
    assert table(demo_copy)["区财政局"][-2:] == ["0.5", "99.50"]


@pytest.mark.parametrize(
    ("bad_line", "column", "value"),
    [
        (f"某某局,2018-11-20,0.5,{MANUAL},x", "单位", "某某局"),
        ("区财政局,2018-11-20,0.5,网站首页,x", "栏目", "网站首页"),
        (f"区财政局,2018-11-20,abc,{MANUAL},x", "扣分", "abc"),
        (f"区财政局,2018-11-20,-1,{MANUAL},x", "扣分", "-1"),
        (f"区财政局,2018-11-31,1,{MANUAL},x", "日期", "2018-11-31"),
        (f"区财政局,2099-01-05,1,{MANUAL},x", "日期", "2099-01-05"),
    ],
)
def test_bad_import_names_file_line_and_column_and_adds_nothing(
    demo_copy: str, tmp_path: Path, bad_line: str, column: str, value: str
) -> None:
    before = table(demo_copy)
    good_line = f"区住建局,2018-11-20,1,{MANUAL},先写一条好的"
    sheet = write(tmp_path, "bad.csv", f"单位,日期,扣分,栏目,原因\n{good_line}\n{bad_line}\n")
    ran = run_cli("--db", demo_copy, "import-deductions", str(sheet))
    assert ran.code == 2
    assert "bad.csv" in ran.err and "第 3 行" in ran.err and f"{column} 列" in ran.err, ran.err
    assert f'"{value}"' in ran.err
    assert table(demo_copy) == before
    assert len(listed(demo_copy, "--all")) == 3  # the demo's own three entries, nothing from the file
