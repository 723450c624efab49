"""Published results stay published; each quarter is judged by its own rules; the annual composite.

The demo scores 区环保分局's overdue 规划计划 at 5 points; the rule edits below make it 10, so a
table that still says 5 was frozen, and one that says 10 was scored by the edited rules.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from freshwatch import storage
from freshwatch.scoring.types import Quarter
from tests.shell.conftest import Ran, run_cli

pytestmark = pytest.mark.slow

DEMO_RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "demo.yaml"
AS_PUBLISHED = ["区环保分局", "0", "0", "0", "5", "0", "1.5", "6.5", "93.50"]
PLAN_AT_10 = ["区环保分局", "0", "0", "0", "10", "0", "1.5", "11.5", "88.50"]


def rulebook_file(folder: Path, name: str, *, plan_points: float = 5, applies: str | None = None) -> Path:
    text = DEMO_RULES.read_text(encoding="utf-8").replace("name: demo", f"name: {name}")
    text = text.replace(
        "plan:      {period: 1y,  remind: 30d, deduct: 5}",
        f"plan:      {{period: 1y,  remind: 30d, deduct: {plan_points:g}}}",
    )
    assert f"deduct: {plan_points:g}}}" in text
    if applies:
        text += f"\napplies: {applies}\n"
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def config_file(url: str, folder: Path, rules: str | list[str]) -> Path:
    """The demo's registry (recorded in its database) as a config file with other ``rules:``."""
    store = storage.open_store(url)
    with store.session() as session:
        recorded = storage.load_registry(session)
    store.dispose()
    assert recorded is not None
    data = json.loads(recorded.config_json) | {"database": url, "rules": rules}
    path = folder / "freshwatch.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def scored(*where: str, quarter: str = "2018Q4", fmt: str = "csv") -> Ran:
    return run_cli(*where, "score", "--quarter", quarter, "--format", fmt)


def row_of(ran: Ran, name: str) -> list[str]:
    assert ran.code == 0, ran.err
    return next(row for row in csv.reader(io.StringIO(ran.out)) if row and row[0] == name)


# --- freezing ---------------------------------------------------------------------------------------


def test_a_frozen_table_survives_a_rule_edit(demo_copy: str, tmp_path: Path) -> None:
    edited = config_file(demo_copy, tmp_path, rulebook_file(tmp_path, "edited", plan_points=10).name)
    assert row_of(scored("--config", str(edited)), "区环保分局") == PLAN_AT_10  # the edit bites
    frozen = run_cli("--db", demo_copy, "score", "--quarter", "2018Q4", "--freeze")
    assert frozen.code == 0, frozen.err
    assert "冻结" in frozen.err and "demo" in frozen.err
    later = scored("--config", str(edited))
    assert row_of(later, "区环保分局") == AS_PUBLISHED
    assert "冻结时的结果" in later.err
    document = json.loads(scored("--config", str(edited), fmt="json").out)
    assert document["frozen"] is True and document["rulebook"] == "demo"
    hbfj = next(u for u in document["units"] if u["unit"] == "hbfj")
    assert [d["points"] for d in hbfj["deductions"]] == [5, 1.5]
    out = tmp_path / "frozen.xlsx"
    assert (
        run_cli(
            "--config", str(edited), "score", "--quarter", "2018Q4", "--format", "xlsx", "--out", str(out)
        ).code
        == 0
    )
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["区环保分局", 0, 0, 0, 5, 0, 1.5, 6.5, 93.5] in values
    notes = str(values[-1][0])
    assert "规划计划、人事信息类预警一次扣5分" in notes  # the rules as published, not the edited ones


def test_freezing_twice_and_booking_into_a_frozen_quarter_fail_clearly(
    demo_copy: str, tmp_path: Path
) -> None:
    assert run_cli("--db", demo_copy, "score", "--quarter", "2018Q4", "--freeze").code == 0
    again = run_cli("--db", demo_copy, "score", "--quarter", "2018Q4", "--freeze")
    assert again.code == 2 and "已于" in again.err and "冻结" in again.err and "不能再次冻结" in again.err
    before = scored("--db", demo_copy).out
    late = run_cli(
        "--db",
        demo_copy,
        "deduct",
        "--unit",
        "czj",
        "--points",
        "1",
        "--date",
        "2018-12-01",
        "--reason",
        "冻结后补登",
    )
    assert late.code == 2 and "2018Q4" in late.err and "冻结" in late.err
    withdraw = run_cli("--db", demo_copy, "deductions", "withdraw", "1", "--reason", "发布后撤销")
    assert withdraw.code == 2 and "冻结" in withdraw.err
    sheet = tmp_path / "late.csv"
    sheet.write_text(
        "单位,日期,扣分,栏目,原因\n区财政局,2018-12-01,1,政务公开科日常监测,x\n", encoding="utf-8"
    )
    imported = run_cli("--db", demo_copy, "import-deductions", str(sheet))
    assert imported.code == 2 and "第 2 行" in imported.err and "冻结" in imported.err
    assert scored("--db", demo_copy).out == before
    listed = json.loads(run_cli("--db", demo_copy, "deductions", "list", "--all", "--json").out)
    assert len(listed) == 3 and all(e["withdrawn_at"] is None for e in listed)


def test_an_unfinished_quarter_cannot_be_frozen(demo_copy: str) -> None:
    current = str(Quarter.of(date.today()))
    ran = run_cli("--db", demo_copy, "score", "--quarter", current, "--freeze")
    assert ran.code == 2 and current in ran.err and "尚未结束" in ran.err


# --- the rulebook in force for the quarter ----------------------------------------------------------


@pytest.mark.parametrize(
    ("old_applies", "new_applies", "expected", "rulebook"),
    [
        ("{to: 2018-09-30}", "{from: 2018-10-01}", PLAN_AT_10, "rules2018q4"),
        ("{to: 2018-12-31}", "{from: 2019-01-01}", AS_PUBLISHED, "rules2018"),
    ],
)
def test_a_quarter_is_scored_with_the_rulebook_in_force(
    demo_db: tuple[str, Ran],
    tmp_path: Path,
    old_applies: str,
    new_applies: str,
    expected: list[str],
    rulebook: str,
) -> None:
    names = ["rules2018", "rules2018q4"] if "2018-10-01" in new_applies else ["rules2018", "rules2019"]
    rulebook_file(tmp_path, names[0], plan_points=5, applies=old_applies)
    rulebook_file(tmp_path, names[1], plan_points=10, applies=new_applies)
    config = config_file(demo_db[0], tmp_path, [f"{name}.yaml" for name in names])
    assert row_of(scored("--config", str(config)), "区环保分局") == expected
    assert json.loads(scored("--config", str(config), fmt="json").out)["rulebook"] == rulebook
    explained = run_cli(
        "--config", str(config), "score", "--quarter", "2018Q4", "--unit", "hbfj", "--explain"
    )
    assert f"季度扣分 {expected[-2]}" in explained.out


def test_a_quarter_without_a_rulebook_in_force_is_a_clear_error(
    demo_db: tuple[str, Ran], tmp_path: Path
) -> None:
    rulebook_file(tmp_path, "later", applies="{from: 2019-01-01}")
    config = config_file(demo_db[0], tmp_path, ["later.yaml"])
    ran = scored("--config", str(config))
    assert ran.code == 2 and "2018Q4" in ran.err and "later" in ran.err


# --- the annual result ------------------------------------------------------------------------------


def annual(url: str, *extra: str) -> dict[str, dict[str, Any]]:
    ran = run_cli("--db", url, "score", "--year", "2018", "--format", "json", *extra)
    assert ran.code == 0, ran.err
    return {unit["unit"]: unit for unit in json.loads(ran.out)}


def test_annual_daily_score_is_the_mean_of_the_monitored_quarters(demo_db: tuple[str, Ran]) -> None:
    units = annual(demo_db[0])
    assert len(units) == 28
    # the demo crawled only in 2018Q4; its walk read each column back to the last update before
    # 2018-07-01, so 2018Q3 is known (issue 11: the previous quarter from one first crawl); Q1 and Q2
    # have no data and count in no average
    assert units["hbfj"]["quarters"] == {"2018Q1": None, "2018Q2": None, "2018Q3": 100.0, "2018Q4": 93.5}
    assert units["hbfj"]["daily_monitoring"] == 96.75  # (100 + 93.5) / 2
    assert units["hnkjy"]["daily_monitoring"] == 99.78  # (100 + 99.55) / 2 = 99.775, half up
    assert units["djkjy"]["daily_monitoring"] == 100
    assert units["hbfj"]["composite"] is None
    table = run_cli("--db", demo_db[0], "score", "--year", "2018")
    assert table.code == 0 and "日常监测得分" in table.out and "无监测数据" in table.out


def test_annual_composite_weighs_the_assessment_60_40(demo_db: tuple[str, Ran], tmp_path: Path) -> None:
    sheet = tmp_path / "年终考评.csv"
    sheet.write_text("单位,得分\n区环保分局,90\nhnkjy,80\n东江科技园,100\n", encoding="utf-8")
    units = annual(demo_db[0], "--annual-assessment", str(sheet))
    assert units["hbfj"]["composite"] == 92.7  # 0.6 * 90 + 0.4 * 96.75
    assert units["hnkjy"]["composite"] == 87.91  # 48 + 0.4 * 99.78 = 87.912
    assert units["djkjy"]["composite"] == 100
    assert units["czj"]["assessment"] is None and units["czj"]["composite"] is None
    table = run_cli("--db", demo_db[0], "score", "--year", "2018", "--annual-assessment", str(sheet))
    assert table.code == 0 and "综合得分" in table.out and "92.7" in table.out
    as_csv = run_cli(
        "--db", demo_db[0], "score", "--year", "2018", "--annual-assessment", str(sheet), "--format", "csv"
    )
    rows = {row[0]: row for row in csv.reader(io.StringIO(as_csv.out))}
    assert rows["单位"][-2:] == ["年终考评得分", "综合得分"]
    no_data = ["无监测数据"] * 2
    assert rows["区环保分局"] == ["区环保分局", *no_data, "100.0", "93.50", "96.75", "90.0", "92.70"]
    assert rows["区财政局"][-2:] == ["-", "-"]
    refused = run_cli("--db", demo_db[0], "score", "--year", "2018", "--format", "xlsx", "--out", "x.xlsx")
    assert refused.code == 2 and "--year" in refused.err and "json" in refused.err


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("单位,得分\n某某局,90\n", "第 2 行"),
        ("单位,得分\n区环保分局,150\n", "第 2 行"),
        ("单位,得分\n区环保分局,九十\n", "第 2 行"),
        ("单位,得分\n区环保分局,90\nhbfj,91\n", "第 3 行"),
        ("单位,得分\n", "没有任何得分"),
    ],
)
def test_a_bad_assessment_file_exits_2(
    demo_db: tuple[str, Ran], tmp_path: Path, text: str, line: str
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(text, encoding="utf-8")
    ran = run_cli("--db", demo_db[0], "score", "--year", "2018", "--annual-assessment", str(sheet))
    assert ran.code == 2 and "bad.csv" in ran.err and line in ran.err, ran.err
    assert "Traceback" not in ran.err
