"""No observation, no verdict: 无监测数据 / 未检查 instead of a score or a state computed from nothing."""

from __future__ import annotations

import json

from tests.crawler.server import MockServer
from tests.shell.conftest import Ran, run_cli


def test_a_quarter_no_crawl_saw_has_no_score(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2015Q1")
    assert ran.code == 2 and ran.out == ""
    assert "2015Q1（2015-01-01 至 2015-03-31）无监测数据" in ran.err


def test_a_future_quarter_is_refused(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2030Q1", "--format", "csv")
    assert ran.code == 2 and ran.out == ""
    assert "2030Q1 尚未开始" in ran.err and "无监测数据" in ran.err


def test_status_before_the_first_crawl_is_unchecked(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "status", "--as-of", "2018-12-30", "--json")
    assert ran.code == 0, ran.err
    states = {row["state"] for row in json.loads(ran.out)}
    assert states == {"unchecked"}
    table = run_cli("--db", demo_db[0], "status", "--as-of", "2018-12-30", "--unit", "hbfj")
    assert "未检查" in table.out and "未注明日期" not in table.out


def test_status_on_the_crawl_day_has_verdicts(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "status", "--as-of", "2018-12-31", "--json")
    assert "unchecked" not in {row["state"] for row in json.loads(ran.out)}


def test_explain_on_a_404_says_unreachable_and_exits_1(tmp_path: object, monkeypatch: object) -> None:
    with MockServer() as server:  # every path is a 404 page
        ran = run_cli("explain", server.url("/gzdt/"))
        as_json = run_cli("explain", server.url("/gzdt/"), "--json")
    assert ran.code == 1
    assert ran.out.strip() == f"{server.url('/gzdt/')}：无法访问（404）"
    assert as_json.code == 1 and json.loads(as_json.out)["status"] == 404


def test_score_unit_without_explain_shows_that_units_row(demo_db: tuple[str, Ran]) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2018Q4", "--unit", "hbfj", "--format", "csv")
    assert ran.code == 0, ran.err
    rows = ran.out.strip().splitlines()
    assert len(rows) == 2 and rows[1].startswith("区环保分局,")
    refused = run_cli(
        "--db",
        demo_db[0],
        "score",
        "--quarter",
        "2018Q4",
        "--unit",
        "hbfj",
        "--format",
        "docx",
        "--out",
        "x.docx",
    )
    assert refused.code == 2 and "--unit 不能与 --format docx 同用" in refused.err
