"""``freshwatch discover URL``: the table, the YAML to paste, ``--json``, and ``--write`` into a config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from freshwatch.config.loader import load_config
from tests.discovery.farm import Served
from tests.shell.conftest import run_cli

TODAY = ("--today", "2026-11-26")


def _site(sites: list[Served], site_id: str) -> Served:
    return next(s for s in sites if s.site.id == site_id)


@pytest.fixture
def trs(generated_sites: list[Served], no_config: Path) -> Served:
    return _site(generated_sites, "trs_portal_01")


def test_the_table_and_the_yaml_list_only_the_list_pages(trs: Served) -> None:
    ran = run_cli("discover", trs.home, *TODAY)
    assert ran.code == 0, ran.err
    assert "列表页地址" in ran.out and "是否列表页" in ran.out
    yaml_part = ran.out.split("# 可粘贴到配置文件中该站点的 columns: 下", 1)[1]
    assert f"- {{name: 政策解读, url: {trs.url('/zwgk/zcjd/')}, category: interpretation}}" in yaml_part
    assert "网上信访" in ran.out.split("# 可粘贴", 1)[0]  # shown in the table as not a list...
    assert "网上信访" not in yaml_part  # ...and left out of the YAML


def test_json_gives_one_object_per_proposal_with_the_contract_fields(trs: Served) -> None:
    ran = run_cli("discover", trs.home, *TODAY, "--json")
    columns = {c["name"]: c for c in json.loads(ran.out)}
    for column in columns.values():
        assert {"name", "url", "category", "confidence", "is_list"} <= set(column)
        assert 0 <= column["confidence"] <= 1
    assert columns["人事信息"]["is_list"] is True and columns["人事信息"]["category"] == "personnel"
    assert columns["人事信息"]["dates"] and columns["人事信息"]["latest_date"] <= "2026-11-26"
    assert columns["网上信访"]["is_list"] is False


def test_the_directory_page_is_read_one_level(generated_sites: list[Served], no_config: Path) -> None:
    site = _site(generated_sites, "xxgk_directory_01")
    ran = run_cli("discover", site.home, *TODAY, "--json")
    urls = {c["url"] for c in json.loads(ran.out) if c["is_list"]}
    assert site.url("/xxgk/czyjs/") in urls  # linked only from /xxgk/index.html


CONFIG = """\
# the office's own notes, kept by --write
rules: national   # the national rulebook
units:
  - id: lj
    name: 临江区政府办
    sites:
      - name: 临江区门户
        home: {home}
        columns:
          # registered by hand with its own name: never overwritten
          - {{name: 本区通知, url: {notice}, category: notice}}
"""


@pytest.fixture
def config(trs: Served, no_config: Path) -> Path:
    path = no_config / "freshwatch.yaml"
    path.write_text(CONFIG.format(home=trs.home, notice=trs.url("/xwzx/tzgg/index.html")), encoding="utf-8")
    return path


def test_write_appends_new_columns_and_keeps_comments_and_order(trs: Served, config: Path) -> None:
    ran = run_cli("discover", trs.home, *TODAY, "--write", str(config))
    assert ran.code == 0, ran.err
    text = config.read_text(encoding="utf-8")
    assert text.startswith(
        "# the office's own notes, kept by --write\nrules: national   # the national rulebook\n"
    )
    assert "# registered by hand with its own name: never overwritten" in text
    site = load_config(config).unit("lj").sites[0]
    assert [c.name for c in site.columns][:2] == ["本区通知", "工作动态"]
    assert {c.name for c in site.columns} >= {"政策解读", "规划计划", "人事信息", "图片新闻"}


def test_write_never_overwrites_or_repeats_a_registered_column(trs: Served, config: Path) -> None:
    run_cli("discover", trs.home, *TODAY, "--write", str(config))
    first = config.read_text(encoding="utf-8")
    again = run_cli("discover", trs.home, *TODAY, "--write", str(config))
    assert again.code == 0 and "新增 0 个栏目" in again.err
    assert config.read_text(encoding="utf-8") == first
    names = [c.name for c in load_config(config).unit("lj").sites[0].columns]
    assert (
        "本区通知" in names and "通知公告" not in names
    )  # same URL (index.html spelling): kept as registered


def test_write_with_a_new_unit_id_adds_the_unit_and_its_site(
    generated_sites: list[Served], config: Path
) -> None:
    site = _site(generated_sites, "hanweb_portal_01")
    ran = run_cli("discover", site.home, *TODAY, "--write", str(config), "--unit", "hw")
    assert ran.code == 0, ran.err
    unit = load_config(config).unit("hw")
    assert unit.sites[0].home == site.home and len(unit.sites[0].columns) == 5


def test_write_without_unit_for_an_unregistered_home_says_to_name_one(
    generated_sites: list[Served], config: Path
) -> None:
    site = _site(generated_sites, "gbk_portal_01")
    before = config.read_text(encoding="utf-8")
    ran = run_cli("discover", site.home, *TODAY, "--write", str(config))
    assert ran.code == 2 and "请用 --unit 指定" in ran.err
    assert config.read_text(encoding="utf-8") == before


def test_a_home_page_that_cannot_be_read_is_an_error(trs: Served) -> None:
    ran = run_cli("discover", trs.url("/no-such-site/"), *TODAY)
    assert ran.code == 2 and "无法读取首页" in ran.err


def test_write_follows_a_config_that_keeps_its_units_in_another_file(trs: Served, no_config: Path) -> None:
    (no_config / "freshwatch.yaml").write_text(
        "rules: national\nunits: units.yaml  # kept apart\n", encoding="utf-8"
    )
    (no_config / "units.yaml").write_text(
        f"units:\n  - id: lj\n    name: 临江区政府办\n    sites:\n      - home: {trs.home}\n",
        encoding="utf-8",
    )
    ran = run_cli("discover", trs.home, *TODAY, "--write", "freshwatch.yaml")
    assert ran.code == 0, ran.err
    assert (
        (no_config / "freshwatch.yaml")
        .read_text(encoding="utf-8")
        .endswith("units: units.yaml  # kept apart\n")
    )
    assert len(load_config(no_config / "freshwatch.yaml").unit("lj").sites[0].columns) == 7
