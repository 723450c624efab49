"""Storage faults mid-crawl give one clear line and a clean run record, never a traceback (issue 12)."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from freshwatch import storage
from freshwatch.app import crawl_job
from freshwatch.app.errors import CrawlStorageFailed
from freshwatch.config.models import Config
from freshwatch.storage import Store
from tests.crawler.readers import SIMPLE
from tests.crawler.server import MockServer, Reply, html
from tests.shell.conftest import run_cli
from tests.storage.conftest import _admin, create_pg_database

UNITS = ("a", "b", "c")


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    links = "".join(f"<a href='/x/{i}.html'>第{i}条</a>" for i in range(150))
    routes = {f"/{u}/*": Reply(200, html(links, "首页")) for u in UNITS}
    with MockServer(routes, fallback=Reply(200, html("<p>正文</p>", "正文"))) as running:
        yield running


def _config(server: MockServer) -> Config:
    return Config.model_validate(
        {
            "units": [
                {
                    "id": u,
                    "name": f"单位{u}",
                    "sites": [{"home": server.url(f"/{u}/"), "columns": []}],
                }
                for u in UNITS
            ],
            "crawl": {"timeout": 5, "retries": 0, "depth": 1, "per_host": 4, "concurrency": 4},
        }
    )


def _crawl(config: Config, store: Store) -> crawl_job.CrawlSummary:
    return asyncio.run(crawl_job.run_crawl(config, store, today=date(2026, 11, 26), readers=SIMPLE))


def _runs(url: str) -> list[storage.RunRecord]:
    with storage.open_store(url).session() as session:
        return storage.latest_runs(session)


def test_a_disk_full_mid_crawl_stops_with_one_line_and_an_incomplete_run(
    server: MockServer, tmp_path
) -> None:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    store = storage.open_store(url)
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(store.engine, "connect")
    def _small_disk(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 3}")

    store.engine.dispose()
    with pytest.raises(CrawlStorageFailed) as stopped:
        _crawl(_config(server), store)
    assert "无法把站点" in str(stopped.value) and "full" in str(stopped.value)
    [run] = _runs(url)
    assert run.status is storage.RunStatus.incomplete
    with storage.open_store(url).session() as session:
        assert storage.current_lock(session, crawl_job.CRAWL_LOCK, now=datetime.now(UTC)) is None


@pytest.mark.postgres
def test_a_postgresql_connection_lost_mid_crawl_is_retried_on_a_fresh_one(server: MockServer) -> None:
    url, drop = create_pg_database()
    try:
        store = storage.open_store(url)
        killed: list[int] = []

        @event.listens_for(store.engine, "before_cursor_execute")
        def _kill_once(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not killed and statement.startswith("INSERT INTO link_checks"):
                pid = conn.connection.dbapi_connection.info.backend_pid
                killed.append(pid)
                with _admin() as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

        summary = _crawl(_config(server), store)
        assert killed and summary.complete
        [run] = _runs(url)
        assert run.status is storage.RunStatus.complete
        with store.session() as session:
            assert len(storage.site_errors(session, run_id=run.run_id)) == 0
        store.dispose()
    finally:
        drop()


def test_a_db_url_with_a_port_that_is_not_a_number_is_one_line_and_exit_2() -> None:
    ran = run_cli("--db", "postgresql://fw:secret@127.0.0.1:abc/fw", "deductions", "list")
    assert ran.code == 2
    assert (
        ran.err.startswith("错误：数据库地址无效") and "secret" not in ran.err and "Traceback" not in ran.err
    )


@pytest.fixture
def immutable_db(tmp_path) -> Iterator[str]:
    """A database file nobody may write, not even root (chattr +i): how a read-only copy behaves."""
    path = tmp_path / "ro.db"
    storage.open_store(f"sqlite:///{path}").dispose()
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not available here: {made.stderr.decode().strip()}")
    yield f"sqlite:///{path}"
    subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_still_answers_read_commands(immutable_db: str) -> None:
    ran = run_cli("--db", immutable_db, "deductions", "list", "--json")
    assert ran.code == 0, ran.err
    assert ran.out.strip() == "[]"


def test_a_write_to_a_read_only_database_is_one_line_and_exit_2(immutable_db: str, tmp_path) -> None:
    config = tmp_path / "freshwatch.yaml"
    config.write_text(
        "units:\n  - id: a\n    name: 甲单位\n    sites:\n      - home: http://127.0.0.1:9/\n        columns: []\n",
        encoding="utf-8",
    )
    ran = run_cli("--config", str(config), "--db", immutable_db, "crawl")
    assert ran.code == 2
    assert "错误：数据库操作失败（attempt to write a readonly database）" in ran.err
    assert "Traceback" not in ran.err
