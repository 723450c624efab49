"""Crawl runs: counters, an interrupted crawl that loses nothing, abandoned runs, probes."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from freshwatch.crawler.types import ErrorClass, Probe
from freshwatch.storage import (
    RunStatus,
    Store,
    acquire_lock,
    broken_links,
    column_histories,
    finish_run,
    latest_runs,
    mark_abandoned_runs,
    probes,
    record_probe,
    record_site,
    start_run,
)

from .factories import HOME, at, column, item, link, site


class ProcessDied(Exception):
    pass


def test_an_interrupted_crawl_keeps_the_sites_recorded_before(store: Store) -> None:
    with store.session() as session:
        run_id = start_run(
            session, started_at=at("2018-10-01"), units=["u1", "u2", "u3"], holder="crawler:4242"
        )
    for unit in ("u1", "u2"):
        with store.session() as session:
            crawled = site(
                [column([item(f"{unit}.html", "2018-09-30")], unit=unit)],
                [link("dead", ErrorClass.http_4xx)],
                unit=unit,
            )
            record_site(session, run_id, crawled, observed_at=at("2018-10-01"))
    with pytest.raises(ProcessDied), store.session() as session:
        record_site(
            session,
            run_id,
            site([column([item("u3.html", "2018-09-30")], unit="u3")], unit="u3"),
            observed_at=at("2018-10-01"),
        )
        raise ProcessDied  # killed halfway through the third site: its transaction never commits

    with store.session() as session:
        assert mark_abandoned_runs(session, now=at("2018-10-02")) == 1
    with store.session() as session:
        (run,) = latest_runs(session)
        histories = column_histories(session, tz=UTC)
        broken = broken_links(session)
    assert run.status is RunStatus.incomplete and run.units == ("u1", "u2", "u3")
    assert (run.pages, run.requests) == (6, 10)  # two sites' worth
    assert "标记为未完成" in run.note
    assert [(h.unit_id, h.updates[0].isoformat()) for h in histories] == [
        ("u1", "2018-09-30"),
        ("u2", "2018-09-30"),
    ]
    assert [(b.unit_id, b.url) for b in broken] == [("u1", f"{HOME}dead"), ("u2", f"{HOME}dead")]


def test_a_run_whose_holder_still_holds_a_lock_is_alive(store: Store) -> None:
    with store.session() as session:
        assert acquire_lock(session, "crawl", "daemon:7", now=at("2018-10-01"), ttl=timedelta(minutes=10))
        alive = start_run(session, started_at=at("2018-10-01"), holder="daemon:7")
        dead = start_run(session, started_at=at("2018-09-30"), holder="daemon:6")
    with store.session() as session:
        assert mark_abandoned_runs(session, now=at("2018-10-01", 3) - timedelta(minutes=55)) == 1
    with store.session() as session:
        statuses = {run.run_id: run.status for run in latest_runs(session)}
    assert statuses == {alive: RunStatus.running, dead: RunStatus.incomplete}
    with store.session() as session:  # the lock expired: the daemon died too
        assert mark_abandoned_runs(session, now=at("2018-10-01", 3)) == 1


def test_finish_run_records_outcome_and_counters(store: Store) -> None:
    with store.session() as session:
        first = start_run(session, started_at=at("2018-10-01"), holder="h:1")
        record_site(session, first, site(), observed_at=at("2018-10-01"))
        finish_run(session, first, status="complete", finished_at=at("2018-10-01", 3))
        second = start_run(session, started_at=at("2018-10-02"), kind="probe", holder="h:1")
        finish_run(
            session,
            second,
            status=RunStatus.interrupted,
            finished_at=at("2018-10-02", 3),
            pages=9,
            requests=11,
            note="SIGTERM",
        )
    with store.session() as session:
        runs = latest_runs(session)
        probe_runs = latest_runs(session, kind="probe")
        assert mark_abandoned_runs(session, now=at("2018-10-03")) == 0
    assert [(r.run_id, r.status, r.pages, r.requests, r.note) for r in runs] == [
        (second, RunStatus.interrupted, 9, 11, "SIGTERM"),
        (first, RunStatus.complete, 3, 5, ""),
    ]
    assert runs[1].finished_at == at("2018-10-01", 3)
    assert [r.run_id for r in probe_runs] == [second]
    with pytest.raises(ValueError, match="not a valid RunStatus"), store.session() as session:
        finish_run(session, first, status="bogus", finished_at=at("2018-10-03"))


def test_probes_round_trip_in_a_half_open_range(store: Store) -> None:
    def probe(unit: str, hour: int, error: ErrorClass | None = None) -> Probe:
        return Probe(
            unit_id=unit,
            site_home=HOME,
            status=None if error else 200,
            error=error,
            ttfb=0.05,
            elapsed=0.2,
            probed_at=at("2018-10-01", hour),
        )

    with store.session() as session:
        for stored in (
            probe("hbfj", 1),
            probe("hbfj", 2, ErrorClass.timeout),
            probe("other", 2),
            probe("hbfj", 3),
        ):
            record_probe(session, stored)
    with store.session() as session:
        found = probes(session, unit_ids=["hbfj"], start=at("2018-10-01", 1), end=at("2018-10-01", 3))
    assert found == [probe("hbfj", 1), probe("hbfj", 2, ErrorClass.timeout)]
