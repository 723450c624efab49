"""``freshwatch check-config``: every registered column fetched once; exit 1 with what to change."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawler.server import MockServer, Reply
from tests.discovery import _pages as pg
from tests.shell.conftest import Ran, run_cli

TODAY = ("--today", "2026-11-26")


def _list(name: str, style: str = "ul") -> Reply:
    dated_urls = style != "undated"  # an undated list's articles carry no date in their URLs either
    entries = pg.items(
        random.Random(name),
        8,
        lambda day, n: f"/a/{day:%Y%m}/t{day:%Y%m%d}_{n}.html" if dated_urls else f"/zjgz/show.php?id={n}",
    )
    return Reply(body=pg.list_page("临江区人民政府", name, style, entries))


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    routes = {
        "/gzdt/": _list("工作动态"),
        "/gzdt/index.html": _list("工作动态"),
        "/tzgg/": _list("通知公告"),
        "/zcwj/": _list("政策文件"),
        "/new/": _list("部门文件"),
        "/old/": Reply(301, headers={"Location": "/new/"}),
        "/about/": Reply(body=pg.static_page("临江区人民政府", "机构概况")),
        "/zjgz/": _list("工作总结", style="undated"),
    }
    with MockServer(routes) as running:
        yield running


def _config(folder: Path, server: MockServer, columns: dict[str, list[tuple[str, str, str]]]) -> None:
    lines = ["units:"]
    for unit, registered in columns.items():
        lines += [f"  - id: {unit}", f"    name: {unit}", "    sites:", f"      - home: {server.url('/')}"]
        lines.append("        columns:")
        lines += [f"          - {{name: {n}, url: {server.url(p)}, category: {c}}}" for n, p, c in registered]
    (folder / "freshwatch.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _check(folder: Path, server: MockServer, columns: dict[str, list[tuple[str, str, str]]]) -> Ran:
    _config(folder, server, columns)
    return run_cli("check-config", *TODAY, "--json")


def _findings(ran: Ran) -> dict[str, list[str]]:
    return {f"{row['unit']}/{row['column']}": row["findings"] for row in json.loads(ran.out)}


def test_a_sound_config_passes_with_exit_0(no_config: Path, server: MockServer) -> None:
    _config(no_config, server, {"lj": [("工作动态", "/gzdt/", "news"), ("通知公告", "/tzgg/", "notice")]})
    ran = run_cli("check-config", *TODAY)
    assert ran.code == 0, ran.out + ran.err
    assert "检查 2 个栏目：全部正常" in ran.out


def test_an_unreachable_column_fails_and_says_to_check_the_address(
    no_config: Path, server: MockServer
) -> None:
    ran = _check(no_config, server, {"lj": [("工作动态", "/gone/", "news")]})
    assert ran.code == 1
    row = json.loads(ran.out)[0]
    assert row["findings"] == ["unreachable"] and "核对栏目地址" in row["advice"][0]


def test_a_page_that_is_not_a_list_fails(no_config: Path, server: MockServer) -> None:
    ran = _check(no_config, server, {"lj": [("机构概况", "/about/", "other")]})
    assert ran.code == 1 and _findings(ran) == {"lj/机构概况": ["not_a_list"]}


def test_a_list_without_dates_fails(no_config: Path, server: MockServer) -> None:
    ran = _check(no_config, server, {"lj": [("工作总结", "/zjgz/", "plan")]})
    assert _findings(ran) == {"lj/工作总结": ["undated"]}


def test_a_category_the_name_and_title_contradict_fails_with_the_guess(
    no_config: Path, server: MockServer
) -> None:
    ran = _check(no_config, server, {"lj": [("通知公告", "/tzgg/", "plan")]})
    row = json.loads(ran.out)[0]
    assert row["findings"] == ["category"] and row["guessed_category"] == "notice"
    assert "像“通知公告”（notice），登记的是“规划计划”（plan）" in row["advice"][0]


def test_the_same_url_under_two_units_is_a_duplicate_on_both(no_config: Path, server: MockServer) -> None:
    ran = _check(
        no_config,
        server,
        {"lj": [("工作动态", "/gzdt/", "news")], "jy": [("要闻", "/gzdt/index.html", "news")]},
    )
    assert _findings(ran) == {"lj/工作动态": ["duplicate"], "jy/要闻": ["duplicate"]}


def test_a_redirected_column_fails_and_names_the_new_address(no_config: Path, server: MockServer) -> None:
    ran = _check(no_config, server, {"lj": [("部门文件", "/old/", "policy")]})
    row = json.loads(ran.out)[0]
    assert row["findings"] == ["redirected"] and row["final_url"] == server.url("/new/")
    assert server.url("/new/") in row["advice"][0]


def test_the_table_says_what_to_change_per_row(no_config: Path, server: MockServer) -> None:
    _config(no_config, server, {"lj": [("工作动态", "/gzdt/", "news"), ("机构概况", "/about/", "other")]})
    ran = run_cli("check-config", *TODAY)
    assert ran.code == 1
    assert "检查 2 个栏目：1 个需要修改" in ran.out
    assert "不是列表页" in ran.out and "正常" in ran.out


def test_each_column_is_fetched_once(no_config: Path, server: MockServer) -> None:
    before = server.hits("/zcwj/")
    _check(no_config, server, {"lj": [("政策文件", "/zcwj/", "policy")]})
    assert server.hits("/zcwj/") == before + 1
