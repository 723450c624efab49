"""The demo reproduces the 2018-Q4 notice's table from what the crawl really found."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED, require_shared
from tests.shell.conftest import Ran, run_cli

pytestmark = pytest.mark.slow


def test_demo_prints_the_notice_table_exactly(demo_db: tuple[str, Ran]) -> None:
    _, ran = demo_db
    assert ran.code == 0, ran.err
    expected = (require_shared(SEED) / "score-table-2018Q4.csv").read_bytes().decode("utf-8")
    assert ran.out == expected
    assert "抓取完成" in ran.err


def test_stale_points_come_from_the_crawl_not_from_answers(demo_db: tuple[str, Ran]) -> None:
    url, _ = demo_db
    ran = run_cli("--db", url, "warnings", "--from", "2018-10-01", "--to", "2018-12-31", "--json")
    warnings = json.loads(ran.out)
    assert [(w["unit"], w["column"], w["trigger_date"], w["points"]) for w in warnings] == [
        ("hbfj", "规划计划", "2018-11-11", 5.0)
    ]
    assert warnings[0]["last_update"] == "2017-11-10" and warnings[0]["due_date"] == "2018-11-10"


def test_broken_links_found_by_the_crawl(demo_db: tuple[str, Ran]) -> None:
    url, _ = demo_db
    links = json.loads(run_cli("--db", url, "links", "--json").out)
    per_unit: dict[str, int] = {}
    for link in links:
        assert link["found_on"], link
        assert set(link) >= {"unit", "url", "kind", "status", "error", "found_on"}
        per_unit[link["unit"]] = per_unit.get(link["unit"], 0) + 1
    assert per_unit == {"hnkjy": 9, "qdqb": 10, "ajfj": 10}
    assert {link["kind"] for link in links} >= {"page", "attachment", "image"}


def test_status_json_has_one_object_per_column(demo_db: tuple[str, Ran]) -> None:
    url, _ = demo_db
    ran = run_cli("--db", url, "status", "--as-of", "2018-12-31", "--json")
    rows = json.loads(ran.out)
    assert len(rows) == 28 * 5  # four columns and the home page of each unit's site
    keys = {"unit", "site", "column", "url", "category", "latest_date", "days_since_update", "due_date", "state"}
    assert all(keys <= set(row) for row in rows)
    plan = next(r for r in rows if r["unit"] == "hbfj" and r["category"] == "plan")
    assert plan["state"] == "overdue" and plan["latest_date"] == "2017-11-10"
    assert plan["due_date"] == "2018-11-10" and plan["days_since_update"] == 416
    others = [r for r in rows if r is not plan]
    assert {r["state"] for r in others} == {"ok"}


def test_score_explain_traces_every_point(demo_db: tuple[str, Ran]) -> None:
    url, _ = demo_db
    table = json.loads(run_cli("--db", url, "score", "--quarter", "2018Q4", "--format", "json").out)
    assert table
    lines = run_cli("--db", url, "score", "--quarter", "2018Q4", "--unit", "hnkjy", "--explain").out
    assert "0.45" in lines and lines.count("http://127.0.0.1:") >= 9
