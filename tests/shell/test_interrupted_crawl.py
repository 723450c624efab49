"""A crashed or interrupted crawl never erases earlier observations or invents warnings."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from freshwatch import storage
from freshwatch.app import crawl_job
from freshwatch.app.clock import Clock, zone
from freshwatch.app.read_models import column_statuses, warnings_between
from freshwatch.config.loader import load_config, load_rulebook
from freshwatch.config.models import Config
from freshwatch.crawler.types import SiteCrawl
from freshwatch.demo import DEMO_DAY, Farm
from freshwatch.storage import Store

UNITS = ["hbfj", "djkjy", "hnkjy"]
START = datetime(2018, 12, 30, 18, 0, tzinfo=UTC)  # 02:00 on 2018-12-31 in Shanghai


@pytest.fixture(scope="module")
def farm_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Config]:
    with Farm() as farm:
        path = tmp_path_factory.mktemp("farm") / "freshwatch.yaml"
        path.write_text(farm.config_yaml(), encoding="utf-8")
        yield load_config(path)


def crawl(config: Config, store: Store, *, stop: asyncio.Event | None = None) -> crawl_job.CrawlSummary:
    return asyncio.run(
        crawl_job.run_crawl(
            config, store, units=UNITS, today=DEMO_DAY, clock=Clock.simulated(START), stop=stop
        )
    )


def snapshot(config: Config, store: Store) -> tuple[list[tuple[str, str, str, date | None]], list[object]]:
    rulebook = load_rulebook("demo")
    units = [u for u in config.units if u.id in UNITS]
    states = column_statuses(store, units, rulebook, as_of=DEMO_DAY, tz=zone(config))
    warnings = warnings_between(
        store, units, rulebook, start=date(2018, 10, 1), end=DEMO_DAY, tz=zone(config)
    )
    return [(ref.unit.id, ref.url, st.state.value, st.latest) for ref, st in states], list(warnings)


@pytest.mark.slow
def test_a_crash_halfway_keeps_everything_and_marks_the_run(
    farm_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = storage.open_store(f"sqlite:///{tmp_path / 'fw.db'}")
    crawl(farm_config, store)
    before = snapshot(farm_config, store)
    assert any(state == "overdue" for _, _, state, _ in before[0])  # hbfj's plan column
    assert len(before[1]) == 1

    written: list[str] = []
    real = crawl_job._record_site

    def dies_on_second_site(
        store_: Store, run_id: int, site: SiteCrawl, observed_at: datetime, *content: Any
    ) -> None:
        if written:
            raise RuntimeError("disk full")
        written.append(site.unit_id)
        real(store_, run_id, site, observed_at, *content)

    monkeypatch.setattr(crawl_job, "_record_site", dies_on_second_site)
    with pytest.raises(RuntimeError, match="disk full"):
        crawl(farm_config, store)
    monkeypatch.undo()

    with store.session() as session:
        runs = sorted(storage.latest_runs(session, limit=2), key=lambda run: run.run_id)
        assert [r.status.value for r in runs] == ["complete", "incomplete"]  # both crawls start at START
        assert storage.current_lock(session, crawl_job.CRAWL_LOCK, now=datetime.now(UTC)) is None
    assert snapshot(farm_config, store) == before
    crawl(farm_config, store)  # the lock was released: the next crawl runs
    assert snapshot(farm_config, store) == before
    store.dispose()


@pytest.mark.slow
def test_a_stop_request_interrupts_cleanly(farm_config: Config, tmp_path: Path) -> None:
    store = storage.open_store(f"sqlite:///{tmp_path / 'fw.db'}")
    crawl(farm_config, store)
    before = snapshot(farm_config, store)
    stop = asyncio.Event()
    stop.set()  # asked to stop before any work: nothing new, nothing lost
    summary = crawl(farm_config, store, stop=stop)
    assert summary.interrupted
    with store.session() as session:
        newest = max(storage.latest_runs(session, limit=5), key=lambda run: run.run_id)
        assert newest.status.value == "interrupted"
    assert snapshot(farm_config, store) == before
    store.dispose()
