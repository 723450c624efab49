"""Process-per-core on SQLite: a crawl spread over processes stores what one process stores."""

from __future__ import annotations

import asyncio
from pathlib import Path

from freshwatch.app.clock import local_today
from freshwatch.app.crawl_job import run_crawl
from freshwatch.config.models import Config
from freshwatch.crawler.run import site_groups
from freshwatch.distributed.pool import partition
from freshwatch.storage import RunStatus, latest_runs, open_store, run_progress, sqlite_url
from tests.distributed.compare import stored
from tests.distributed.farm import SiteFarm


def _crawl(config: Config, path: Path, processes: int, stop: asyncio.Event | None = None):
    store = open_store(sqlite_url(path))
    try:
        summary = asyncio.run(run_crawl(config, store, processes=processes, stop=stop))
        return store, summary
    except BaseException:
        store.dispose()
        raise


def test_two_processes_store_what_one_process_stores(config: Config, tmp_path: Path) -> None:
    today = local_today(config)
    one, one_summary = _crawl(config, tmp_path / "one.db", 1)
    two, two_summary = _crawl(config, tmp_path / "two.db", 2)
    try:
        assert (two_summary.sites, two_summary.pages, two_summary.broken) == (
            one_summary.sites,
            one_summary.pages,
            one_summary.broken,
        )
        expected, got = stored(one, config, today), stored(two, config, today)
        assert got == expected
        assert expected.broken and expected.items and any(cell for row in expected.table for cell in row[1])
        assert expected.snapshots  # the farm has overdue columns: their pages are kept, once
        with two.session() as session:
            run = latest_runs(session, 1)[0]
            assert run.status is RunStatus.complete
            assert run_progress(session, run.run_id).done == len(config.units)
    finally:
        one.dispose()
        two.dispose()


def test_sites_sharing_a_host_stay_in_one_group(farm: SiteFarm) -> None:
    units = farm.units()
    units[1]["sites"][0]["columns"].append(
        {"name": "借用栏目", "url": f"{farm.base(2)}/tzgg/", "category": "notice"}
    )
    config = Config.model_validate({"units": units})
    groups = site_groups(config)
    joined = next(g for g in groups if ("u001", f"{farm.base(1)}/") in g)
    assert set(joined) == {("u001", f"{farm.base(1)}/"), ("u002", f"{farm.base(2)}/")}
    assert len(groups) == len(units) - 1
    shares = partition(groups, 2)
    assert (
        sum(
            1
            for share in shares
            if ("u002", f"{farm.base(2)}/") in share and ("u001", f"{farm.base(1)}/") in share
        )
        == 1
    )
    assert abs(len(shares[0]) - len(shares[1])) <= 1


def test_a_stopped_multiprocess_crawl_is_interrupted_and_keeps_finished_sites(
    config: Config, tmp_path: Path, farm: SiteFarm
) -> None:
    farm.slow = 0.05
    stop = asyncio.Event()
    one_site_at_a_time = config.crawl.model_copy(update={"concurrency": 4, "per_host": 4})
    config = config.model_copy(update={"crawl": one_site_at_a_time})

    async def crawl_and_stop():
        store = open_store(sqlite_url(tmp_path / "stopped.db"))

        def stop_after_first(event) -> None:
            stop.set()

        try:
            summary = await run_crawl(config, store, processes=2, stop=stop, progress=stop_after_first)
            with store.session() as session:
                run = latest_runs(session, 1)[0]
                done = run_progress(session, run.run_id).done
            return summary, run, done
        finally:
            store.dispose()

    try:
        summary, run, done = asyncio.run(crawl_and_stop())
    finally:
        farm.slow = 0.0
    assert summary.interrupted
    assert run.status is RunStatus.interrupted
    assert 1 <= done == summary.sites < len(config.units)
