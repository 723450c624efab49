"""Each site of a run is written once: a second delivery writes nothing; a dead coordinator's run is
closed by what its sites say."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from freshwatch.crawler.types import ErrorClass
from freshwatch.storage import (
    RunStatus,
    Store,
    acquire_lock,
    expect_sites,
    latest_runs,
    pending_sites,
    record_site_once,
    run_progress,
    settle_abandoned_runs,
    start_run,
)
from freshwatch.storage.models import LinkCheckRow, Observation, ReferrerRow, SiteErrorRow
from tests.storage.factories import at, column, link, site

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _counts(store: Store) -> tuple[int, ...]:
    with store.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Observation, LinkCheckRow, ReferrerRow, SiteErrorRow)
        )


def test_a_site_delivered_twice_is_written_once(store: Store) -> None:
    crawled = replace(
        site([column()], [link("/gone.pdf", ErrorClass.http_4xx)]),
        errors=("page budget of 500 pages reached",),
    )
    with store.session() as session:
        run_id = start_run(session, started_at=NOW, holder="coordinator")
        expect_sites(session, run_id, [[(crawled.unit_id, crawled.site_home)]])
    with store.session() as session:
        assert record_site_once(session, run_id, crawled, observed_at=at("2026-11-26"), worker="w1")
    once = _counts(store)
    with store.session() as session:
        assert not record_site_once(session, run_id, crawled, observed_at=at("2026-11-26"), worker="w2")
    assert _counts(store) == once == (1, 1, 1, 1)
    with store.session() as session:
        progress = run_progress(session, run_id)
        assert (progress.total, progress.done, progress.pending_sites) == (1, 1, ())
        counted = run_progress(session, run_id, sites=False)
        assert (counted.total, counted.done, counted.pages, counted.links, counted.broken) == (1, 1, 3, 1, 1)
        assert counted.finished
        assert pending_sites(session, run_id, [(crawled.unit_id, crawled.site_home)]) == []


def test_a_local_run_records_its_sites_once_without_dispatching(store: Store) -> None:
    crawled = site([column()])
    with store.session() as session:
        run_id = start_run(session, started_at=NOW, holder="local")
        assert record_site_once(session, run_id, crawled, observed_at=at("2026-11-26"))
        assert not record_site_once(session, run_id, crawled, observed_at=at("2026-11-26"))
        assert run_progress(session, run_id).done == 1


def test_a_dead_coordinators_run_is_complete_only_when_every_site_is_in(store: Store) -> None:
    first = replace(site([column()]), site_home="http://a.gov.cn/")
    second = replace(site([column()]), site_home="http://b.gov.cn/")
    keys = [(first.unit_id, first.site_home), (second.unit_id, second.site_home)]
    with store.session() as session:
        whole = start_run(session, started_at=NOW, holder="dead:1")
        expect_sites(session, whole, [keys])
        record_site_once(session, whole, first, observed_at=NOW)
        record_site_once(session, whole, second, observed_at=NOW)
        partial = start_run(session, started_at=NOW, holder="dead:2")
        expect_sites(session, partial, [keys[:1], keys[1:]])
        record_site_once(session, partial, first, observed_at=NOW)
        alive = start_run(session, started_at=NOW, holder="alive:3")
        expect_sites(session, alive, [keys])
        assert acquire_lock(session, "crawl", "alive:3", now=NOW, ttl=timedelta(minutes=10))
    with store.session() as session:
        settled = dict(settle_abandoned_runs(session, now=NOW + timedelta(minutes=1)))
    assert settled == {whole: RunStatus.complete, partial: RunStatus.incomplete}
    with store.session() as session:
        runs = {run.run_id: run for run in latest_runs(session, 5)}
    assert runs[alive].status is RunStatus.running
    assert "1 个站点未抓取" in runs[partial].note
