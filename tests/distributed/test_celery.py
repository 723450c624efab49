"""Celery end to end: real brokers, real PostgreSQL, real ``freshwatch worker`` processes, a 50-site farm.

Every test compares what the workers stored with what one local process stores for the same farm:
a duplicated observation, item, link check or site error, or a missing site, shows up as a difference.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from freshwatch.app.clock import local_today
from freshwatch.app.crawl_job import run_crawl
from freshwatch.app.errors import SharedDatabaseRequired
from freshwatch.config.loader import load_config
from freshwatch.config.models import Config
from freshwatch.crawler.run import CrawlProgress, CrawlSummary
from freshwatch.storage import RunStatus, Store, latest_runs, open_store, run_progress, sqlite_url
from freshwatch.storage.models import SiteResultRow
from tests.distributed.compare import Stored, stored
from tests.distributed.farm import SiteFarm
from tests.distributed.workers import PrivateRedis, Workers
from tests.storage.conftest import create_pg_database

pytestmark = pytest.mark.slow

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
SITES = 50


@pytest.fixture(scope="module")
def big_farm() -> Iterator[SiteFarm]:
    started = SiteFarm(SITES, date.today()).start()
    yield started
    started.stop()


# Both sides retry a transient failure as production does: on a loaded machine one refused connection in
# the reference crawl alone would otherwise differ from every cluster crawl compared with it.
RETRIED = {"retries": 2, "retry_backoff": 0.1, "retry_backoff_max": 1.0}


@pytest.fixture(scope="module")
def reference(big_farm: SiteFarm, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """The farm crawled by one local process."""
    config = Config.model_validate({"units": big_farm.units(), "crawl": RETRIED})
    store = open_store(sqlite_url(tmp_path_factory.mktemp("reference") / "one.db"))
    try:
        asyncio.run(run_crawl(config, store, processes=1))
        return stored(store, config, local_today(config))
    finally:
        store.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    url, drop = create_pg_database()
    yield url
    drop()


class Cluster:
    """A config file naming the broker, a queue of this test's own, the database, and its workers."""

    def __init__(self, farm: SiteFarm, broker: str, database: str, directory: Path) -> None:
        self.queue = f"fw-test-{uuid.uuid4().hex[:10]}"
        executor = {
            "kind": "celery",
            "broker": broker,
            "queue": self.queue,
            "heartbeat": 1,
            "follow_interval": 0.2,
            "stall_timeout": 45,
        }
        document: dict[str, Any] = {
            "database": database,
            "units": farm.units(),
            "crawl": RETRIED,
            "executor": executor,
        }
        self.path = directory / "freshwatch.yaml"
        self.path.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
        self.config = load_config(self.path)
        self.store = open_store(database)
        self.workers = Workers(self.path, directory)

    def crawl(self, on_progress: Callable[[CrawlProgress], None] | None = None) -> CrawlSummary:
        return asyncio.run(run_crawl(self.config, self.store, progress=on_progress))

    def close(self) -> None:
        self.workers.stop()
        self.store.dispose()


@pytest.fixture
def cluster_factory(tmp_path: Path, pg_url: str, big_farm: SiteFarm) -> Iterator[Callable[[str], Cluster]]:
    made: list[Cluster] = []

    def make(broker: str) -> Cluster:
        made.append(Cluster(big_farm, broker, pg_url, tmp_path))
        return made[-1]

    yield make
    for cluster in made:
        cluster.close()


def _results_once(store: Store) -> bool:
    with store.session() as session:
        per_site = session.execute(
            select(func.count())
            .select_from(SiteResultRow)
            .group_by(SiteResultRow.unit_id, SiteResultRow.site_home)
        ).scalars()
        return all(count == 1 for count in per_site)


def test_two_workers_store_what_one_process_stores(
    cluster_factory: Callable[[str], Cluster], reference: Stored
) -> None:
    cluster = cluster_factory(RABBITMQ)
    cluster.workers.start(2)
    cluster.workers.wait_ready(cluster.store, cluster.queue, 2)
    summary = cluster.crawl()
    assert summary.complete, cluster.workers.tail()
    assert summary.sites == SITES
    assert reference.snapshots  # workers keep the overdue columns' pages too
    assert stored(cluster.store, cluster.config, local_today(cluster.config)) == reference
    with cluster.store.session() as session:
        run = latest_runs(session, 1)[0]
        workers = {row.worker for row in session.scalars(select(SiteResultRow))}
    assert run.status is RunStatus.complete
    assert len(workers) == 2  # both workers crawled


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
    cluster_factory: Callable[[str], Cluster], reference: Stored
) -> None:
    cluster = cluster_factory(RABBITMQ)
    cluster.workers.start(2)
    cluster.workers.wait_ready(cluster.store, cluster.queue, 2)
    killed = threading.Event()

    def kill_one(progress: CrawlProgress) -> None:
        if progress.sites_done >= 8 and not killed.is_set():
            killed.set()
            cluster.workers.kill(0)

    summary = cluster.crawl(kill_one)  # a busy worker always holds an unacknowledged task (prefetch 1)
    assert killed.is_set()
    assert summary.complete, cluster.workers.tail()
    assert stored(cluster.store, cluster.config, local_today(cluster.config)) == reference
    assert _results_once(cluster.store)


def test_a_broker_restart_mid_run_loses_and_doubles_nothing(
    cluster_factory: Callable[[str], Cluster], reference: Stored, big_farm: SiteFarm, tmp_path: Path
) -> None:
    broker = PrivateRedis(tmp_path)
    broker.start()
    try:
        cluster = cluster_factory(broker.url)
        cluster.workers.start(2)
        cluster.workers.wait_ready(cluster.store, cluster.queue, 2)
        restarted = threading.Event()

        def restart(progress: CrawlProgress) -> None:
            if progress.sites_done >= 8 and not restarted.is_set():
                restarted.set()
                threading.Thread(target=broker.restart, daemon=True).start()

        summary = cluster.crawl(restart)
        assert restarted.is_set()
        print("after the broker restart the run is", "complete" if summary.complete else "incomplete")
        with cluster.store.session() as session:
            run = latest_runs(session, 1)[0]
            progress = run_progress(session, run.run_id)
        got = stored(cluster.store, cluster.config, local_today(cluster.config))
        assert _results_once(cluster.store)
        if summary.complete:
            assert run.status is RunStatus.complete
            assert got == reference
        else:  # the broker kept a task past the stall timeout: incomplete, with what it has, no more
            assert run.status is RunStatus.incomplete and progress.pending_sites
            assert set(got.observations) <= set(reference.observations)
            assert set(got.links) <= set(reference.links)
    finally:
        broker.stop()


def test_a_celery_crawl_refuses_sqlite(tmp_path: Path, big_farm: SiteFarm) -> None:
    config = Config.model_validate(
        {"units": big_farm.units()[:1], "executor": {"kind": "celery", "broker": RABBITMQ}}
    )
    store = open_store(sqlite_url(tmp_path / "local.db"))
    try:
        with pytest.raises(SharedDatabaseRequired):
            asyncio.run(run_crawl(config, store))
    finally:
        store.dispose()
