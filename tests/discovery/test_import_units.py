"""``freshwatch import-units SHEET``: the office's sheet of sites to the units YAML, or a teaching error."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from freshwatch.config.loader import load_config
from tests.shell.conftest import run_cli

HEADER = "网站名称,网站标识码,首页地址,主办单位"
ROWS = [
    "临江区人民政府网,4413000001,http://lj.example.gov.cn/,临江区人民政府",
    "临江区教育局网站,4413000002,http://jy.lj.example.gov.cn/,临江区教育局",
]


def _csv(folder: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path = folder / "sites.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_a_utf8_sheet_becomes_a_loadable_units_file(no_config: Path) -> None:
    sheet = _csv(no_config, [HEADER, *ROWS])
    ran = run_cli("import-units", str(sheet), "--out", "freshwatch.yaml")
    assert ran.code == 0, ran.err
    config = load_config(no_config / "freshwatch.yaml")
    assert [(u.id, u.name, u.sites[0].home) for u in config.units] == [
        ("4413000001", "临江区人民政府", "http://lj.example.gov.cn/"),
        ("4413000002", "临江区教育局", "http://jy.lj.example.gov.cn/"),
    ]


def test_a_gbk_sheet_with_english_headers_in_another_order_reads_the_same(no_config: Path) -> None:
    sheet = _csv(
        no_config,
        [
            "home,unit,site_code,site_name",
            "http://lj.example.gov.cn/,临江区人民政府,4413000001,临江区人民政府网",
        ],
        encoding="gbk",
    )
    assert run_cli("import-units", str(sheet)).code == 0
    unit = load_config(no_config / "units.yaml").units[0]
    assert (unit.id, unit.name, unit.sites[0].name) == ("4413000001", "临江区人民政府", "临江区人民政府网")


def test_column_rows_add_columns_and_an_empty_category_is_guessed_from_the_name(no_config: Path) -> None:
    base = "临江区人民政府网,4413000001,http://lj.example.gov.cn/,临江区人民政府"
    sheet = _csv(
        no_config,
        [
            HEADER + ",栏目名称,栏目地址,类别",
            base + ",工作动态,http://lj.example.gov.cn/gzdt/,动态要闻",
            base + ",通知公告,http://lj.example.gov.cn/tzgg/,notice",
            base + ",人事任免,http://lj.example.gov.cn/rsrm/,",
        ],
    )
    ran = run_cli("import-units", str(sheet))
    assert ran.code == 0 and "1 个栏目的类别按名称推断" in ran.err
    columns = load_config(no_config / "units.yaml").units[0].sites[0].columns
    assert [(c.name, c.category.value) for c in columns] == [
        ("工作动态", "news"),
        ("通知公告", "notice"),
        ("人事任免", "personnel"),
    ]


def test_an_xlsx_sheet_is_read_from_its_first_worksheet(no_config: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["主办单位", "首页地址", "网站名称", "网站标识码"])
    sheet.append(["临江区人民政府", "http://lj.example.gov.cn/", "临江区人民政府网", "4413000001"])
    book.save(no_config / "sites.xlsx")
    assert run_cli("import-units", str(no_config / "sites.xlsx")).code == 0
    assert load_config(no_config / "units.yaml").units[0].id == "4413000001"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "临江区人民政府网,4413000001,lj.example.gov.cn,临江区人民政府",
            '第 2 行，首页地址 列：值 "lj.example.gov.cn" 无效；应为以 http:// 或 https:// 开头的完整网址',
        ),
        (
            "临江区人民政府网,44130,http://lj.example.gov.cn/,临江区人民政府",
            '第 2 行，网站标识码 列：值 "44130" 无效；应为 10 位字母或数字的政府网站标识码',
        ),
        (
            "临江区人民政府网,4413000001,http://lj.example.gov.cn/,",
            '第 2 行，主办单位 列：值 "" 无效；必填，不能为空',
        ),
    ],
)
def test_a_bad_value_names_the_file_row_column_value_and_what_is_allowed(
    no_config: Path, row: str, message: str
) -> None:
    sheet = _csv(no_config, [HEADER, row])
    ran = run_cli("import-units", str(sheet))
    assert ran.code == 2
    assert ran.err.startswith(f"错误：{sheet}: {message}")
    assert not (no_config / "units.yaml").exists()


def test_a_bad_category_lists_the_allowed_ones(no_config: Path) -> None:
    base = "临江区人民政府网,4413000001,http://lj.example.gov.cn/,临江区人民政府"
    sheet = _csv(
        no_config, [HEADER + ",栏目名称,栏目地址,类别", base + ",规划,http://lj.example.gov.cn/gh/,plann"]
    )
    ran = run_cli("import-units", str(sheet))
    assert '第 2 行，类别 列：值 "plann" 无效；可选：news, notice, policy, plan' in ran.err


def test_a_missing_required_header_is_named(no_config: Path) -> None:
    sheet = _csv(
        no_config, ["网站名称,首页地址,主办单位", "临江区人民政府网,http://lj.example.gov.cn/,临江区人民政府"]
    )
    ran = run_cli("import-units", str(sheet))
    assert ran.code == 2 and "表头缺少 网站标识码" in ran.err


def test_the_same_site_code_on_two_home_pages_is_refused(no_config: Path) -> None:
    sheet = _csv(
        no_config,
        [
            HEADER,
            "甲网站,4413000001,http://a.example.gov.cn/,甲单位",
            "乙网站,4413000001,http://b.example.gov.cn/,乙单位",
        ],
    )
    ran = run_cli("import-units", str(sheet))
    assert ran.code == 2 and "第 3 行，网站标识码 列" in ran.err and "网站标识码重复" in ran.err


def test_an_existing_output_file_is_kept_without_force(no_config: Path) -> None:
    (no_config / "units.yaml").write_text("# mine\n", encoding="utf-8")
    sheet = _csv(no_config, [HEADER, *ROWS])
    ran = run_cli("import-units", str(sheet))
    assert ran.code == 2 and "--force" in ran.err
    assert (no_config / "units.yaml").read_text(encoding="utf-8") == "# mine\n"
