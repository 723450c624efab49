"""The demo reproduces the 2018-Q4 notice's table from what the crawl really found."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freshwatch import storage
from freshwatch.app.clock import Clock
from freshwatch.app.crawl_job import run_crawl
from freshwatch.config.loader import load_config
from freshwatch.demo import DEMO_DAY, Farm
from freshwatch.detectors.attachment_text import READABLE, attachment_type
from tests.conftest import SEED, require_shared
from tests.shell.conftest import Ran, run_cli

pytestmark = pytest.mark.slow
START = datetime(2018, 12, 30, 18, 0, tzinfo=UTC)  # 02:00 on 2018-12-31 in Shanghai


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


def test_broken_links_are_dated_on_the_offices_calendar(demo_db: tuple[str, Ran]) -> None:
    """The demo crawls on 2018-12-31 Beijing time (the evening before in UTC): that is the day shown."""
    url, _ = demo_db
    links = json.loads(run_cli("--db", url, "links", "--json").out)
    assert {(link["first_seen"], link["last_seen"]) for link in links} == {("2018-12-31", "2018-12-31")}


def test_status_json_has_one_object_per_column(demo_db: tuple[str, Ran]) -> None:
    url, _ = demo_db
    ran = run_cli("--db", url, "status", "--as-of", "2018-12-31", "--json")
    rows = json.loads(ran.out)
    assert len(rows) == 28 * 5  # four columns and the home page of each unit's site
    keys = {
        "unit",
        "site",
        "column",
        "url",
        "category",
        "latest_date",
        "days_since_update",
        "due_date",
        "state",
    }
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


def test_the_demo_crawl_requests_no_url_twice(tmp_path: Path) -> None:
    """Each distinct URL is fetched once per crawl; only a broken link gets its confirmation retry,
    and a PDF/docx/xlsx attachment one whole read for the content checks after its link check."""
    with Farm() as farm:
        path = tmp_path / "freshwatch.yaml"
        path.write_text(farm.config_yaml(), encoding="utf-8")
        config = load_config(path)
        store = storage.open_store(f"sqlite:///{tmp_path / 'fw.db'}")
        summary = asyncio.run(run_crawl(config, store, today=DEMO_DAY, clock=Clock.simulated(START)))
        store.dispose()
        counts = dict(farm.requests)
        broken = farm.truth.broken_urls
    allowed = {url: 2 if attachment_type(url) in READABLE else 1 for url in counts}
    twice = {url: n for url, n in counts.items() if n > allowed[url] and url not in broken}
    assert twice == {}
    assert all(counts.get(url, 0) >= 2 for url in broken)  # found broken, then confirmed at the end
    assert summary.requests == sum(counts.values())
    print(
        f"demo crawl: {summary.pages} pages, {summary.links_checked} links, {summary.requests} requests, "
        f"{summary.seconds:.1f} s, {summary.requests / summary.pages:.2f} requests per page"
    )
