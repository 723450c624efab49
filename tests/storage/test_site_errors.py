"""A site whose crawl breaks off is not lost: its errors are stored and the run says incomplete."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from freshwatch.app import crawl_job
from freshwatch.app.clock import Clock
from freshwatch.config.models import Config
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import ListReading
from freshwatch.storage import (
    RunStatus,
    Store,
    column_histories,
    default_holder,
    latest_runs,
    record_site,
    site_errors,
    start_run,
)
from freshwatch.storage.runs import STOPPED
from tests.crawler.readers import SIMPLE
from tests.crawler.server import MockServer, Reply, html

from .factories import HOME, at, column, item, site

TODAY = date(2026, 11, 26)


def test_errors_of_a_broken_site_and_a_stopped_site_are_stored(store: Store) -> None:
    broken = replace(site(), complete=False, errors=("page budget of 5 pages reached", "RuntimeError: bug"))
    stopped = replace(site([column([item("a.html", "2018-09-30")])], unit="u2"), complete=False)
    finished = site([column([item("b.html", "2018-09-30")])], unit="u3")
    with store.session() as session:
        run_id = start_run(session, started_at=at("2018-10-01"), holder="test:1")
        for crawled in (broken, stopped, finished):
            record_site(session, run_id, crawled, observed_at=at("2018-10-01"))
    with store.session() as session:
        errors = site_errors(session, run_id=run_id)
    assert [(e.unit_id, e.site_home, e.complete, e.message) for e in errors] == [
        ("hbfj", HOME, False, "page budget of 5 pages reached"),
        ("hbfj", HOME, False, "RuntimeError: bug"),
        ("u2", HOME, False, STOPPED),
    ]
    assert errors[0].recorded_at == at("2018-10-01")


def two_sites(good: MockServer, bad: MockServer) -> Config:
    return Config.model_validate(
        {
            "units": [
                {"id": "good", "name": "甲", "sites": [{"home": good.url("/")}]},
                {"id": "bad", "name": "乙", "sites": [{"home": bad.url("/")}]},
            ],
            "crawl": {"timeout": 5, "retries": 0},
        }
    )


def test_a_site_whose_crawl_raises_leaves_the_run_incomplete(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    page = html("<ul class='list'><li><a href='/n1.html'>动态</a><span>2026-11-20</span></li></ul>", "首页")
    with MockServer({"/": Reply(200, page)}) as good, MockServer({"/": Reply(200, page)}) as bad:

        def read_home(home: Page, *, today: date) -> ListReading:
            if f":{bad.port}/" in home.url:
                raise RuntimeError("a bug in a detector")
            return SIMPLE.read_home(home, today=today)

        clock = Clock.simulated(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
        with caplog.at_level(logging.WARNING):
            summary = asyncio.run(
                crawl_job.run_crawl(
                    two_sites(good, bad),
                    store,
                    today=TODAY,
                    clock=clock,
                    readers=replace(SIMPLE, read_home=read_home),
                )
            )
    assert summary.sites == 2 and not summary.complete and summary.incomplete_sites == (bad.url("/"),)
    with store.session() as session:
        (run,) = latest_runs(session)
        errors = site_errors(session, run_id=run.run_id)
        histories = column_histories(session, tz=UTC)
    assert run.status is RunStatus.incomplete and bad.url("/") in run.note
    assert run.holder == default_holder()  # the lock's holder: a dead run is recognised by it
    assert [(e.unit_id, e.complete) for e in errors] == [("bad", False)]
    assert "RuntimeError: a bug in a detector" in errors[0].message
    assert [(h.unit_id, h.updates) for h in histories] == [("good", (date(2026, 11, 20),))]
    (crash,) = [r for r in caplog.records if r.name == "freshwatch.crawler"]
    assert (
        crash.levelno == logging.ERROR and crash.exc_info is not None and bad.url("/") in crash.getMessage()
    )
