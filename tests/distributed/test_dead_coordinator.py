"""The next crawl closes the run of a coordinator that died: complete only when every site is in."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from freshwatch.app.crawl_job import run_crawl
from freshwatch.config.models import Config
from freshwatch.storage import (
    RunStatus,
    acquire_lock,
    expect_sites,
    latest_runs,
    open_store,
    record_site_once,
    sqlite_url,
    start_run,
)
from tests.storage.factories import column, site

LONG_AGO = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


def test_the_next_crawl_settles_a_dead_coordinators_runs(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path / "fw.db"))
    first = replace(site([column()]), site_home="http://a.gov.cn/")
    second = replace(site([column()]), site_home="http://b.gov.cn/")
    keys = [(first.unit_id, first.site_home), (second.unit_id, second.site_home)]
    try:
        with store.session() as session:
            assert acquire_lock(session, "crawl", "dead:1", now=LONG_AGO, ttl=timedelta(minutes=10))
            whole = start_run(session, started_at=LONG_AGO, holder="dead:1")
            expect_sites(session, whole, [keys[:1], keys[1:]])
            record_site_once(session, whole, first, observed_at=LONG_AGO)
            record_site_once(session, whole, second, observed_at=LONG_AGO)  # a worker wrote the last site
            partial = start_run(session, started_at=LONG_AGO, holder="dead:1")
            expect_sites(session, partial, [keys[:1], keys[1:]])
            record_site_once(session, partial, first, observed_at=LONG_AGO)
        asyncio.run(run_crawl(Config.model_validate({"units": []}), store))
        with store.session() as session:
            runs = {run.run_id: run.status for run in latest_runs(session, 5)}
        assert runs[whole] is RunStatus.complete
        assert runs[partial] is RunStatus.incomplete
    finally:
        store.dispose()
