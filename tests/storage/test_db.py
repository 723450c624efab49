"""Opening the store: migrations, idempotent re-open, concurrent first start, pragmas, errors."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from freshwatch.crawler.types import SiteCrawl
from freshwatch.reports.wording import error_message
from freshwatch.storage import (
    Store,
    current_lock,
    latest_runs,
    load_registry,
    open_store,
    record_site,
    save_registry,
    site_errors,
    start_run,
)
from freshwatch.storage.db import MIGRATIONS
from freshwatch.storage.errors import StoreError
from freshwatch.storage.models import Base

from .factories import at


def test_fresh_database_is_migrated_to_head_and_matches_the_models(fresh_url: str) -> None:
    store = open_store(fresh_url)
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert {table.name for table in Base.metadata.sorted_tables} <= tables
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
            assert compare_metadata(context, Base.metadata) == []
    finally:
        store.dispose()


def test_reopening_is_idempotent_and_keeps_data(fresh_url: str) -> None:
    first = open_store(fresh_url)
    with first.session() as session:
        start_run(session, started_at=at("2018-10-01"), holder="h:1")
    first.dispose()
    again = open_store(fresh_url)
    try:
        with again.session() as session:
            assert [run.holder for run in latest_runs(session)] == ["h:1"]
    finally:
        again.dispose()


def test_an_older_database_is_upgraded_on_open(fresh_url: str) -> None:
    database = make_url(fresh_url).database
    if fresh_url.startswith("sqlite") and database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(fresh_url)
    with engine.begin() as connection:
        config = AlembicConfig()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text("INSERT INTO locks (name, holder, acquired_at, expires_at) VALUES ('crawl', 'h:1', :t, :t)"),
            {"t": datetime(2018, 10, 1, tzinfo=UTC)},
        )
    engine.dispose()
    store = open_store(fresh_url)
    try:
        with store.session() as session:
            assert load_registry(session) is None  # the table 0002 adds exists
            assert current_lock(session, "crawl", now=datetime(2018, 9, 30, tzinfo=UTC)) is not None
    finally:
        store.dispose()


def _migrate_to(url: str, revision: str, *, down: bool = False) -> None:
    database = make_url(url).database
    if url.startswith("sqlite") and database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            config = AlembicConfig()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def test_site_errors_migration_upgrades_keeping_runs_and_downgrades(fresh_url: str) -> None:
    """0003 adds site_errors to a database that already has runs, and its downgrade removes only it."""
    _migrate_to(fresh_url, "0002")
    engine = create_engine(fresh_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO crawl_runs (kind, started_at, status, units, holder, pages, requests, note)"
                " VALUES ('crawl', :t, 'complete', '[]', 'h:1', 0, 0, '')"
            ),
            {"t": datetime(2018, 10, 1, tzinfo=UTC)},
        )
    engine.dispose()
    store = open_store(fresh_url)
    try:
        with store.session() as session:
            (run,) = latest_runs(session)
            crashed = SiteCrawl("u", "http://127.0.0.1/", (), (), complete=False, errors=("KeyError: 'x'",))
            record_site(session, run.run_id, crashed, observed_at=at("2018-10-01"))
        with store.session() as session:
            assert [e.message for e in site_errors(session, run_id=run.run_id)] == ["KeyError: 'x'"]
    finally:
        store.dispose()
    _migrate_to(fresh_url, "0002", down=True)
    engine = create_engine(fresh_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert "site_errors" not in tables and {"crawl_runs", "registry_snapshots"} <= tables
    finally:
        engine.dispose()


def test_the_registry_keeps_its_newest_snapshot(store: Store) -> None:
    with store.session() as session:
        assert save_registry(session, config_json='{"units": []}', rulebook_json="{}", at=at("2018-10-01"))
        assert not save_registry(
            session, config_json='{"units": []}', rulebook_json="{}", at=at("2018-10-02")
        )
        assert save_registry(session, config_json='{"units": [1]}', rulebook_json="{}", at=at("2018-10-03"))
    with store.session() as session:
        newest = load_registry(session)
    assert newest is not None and (newest.config_json, newest.saved_at) == (
        '{"units": [1]}',
        at("2018-10-03"),
    )


def test_concurrent_first_start_does_not_break(fresh_url: str) -> None:
    """A daemon and a CLI crawl starting at once on a database nobody has migrated yet."""
    barrier = threading.Barrier(3)
    opened: list[Store] = []
    failures: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            opened.append(open_store(fresh_url))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert len(opened) == 3
    with opened[0].engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    for store in opened:
        store.dispose()


def test_timestamps_come_back_aware_utc(store: Store) -> None:
    beijing = timezone(timedelta(hours=8))
    with store.session() as session:
        start_run(session, started_at=datetime(2018, 10, 1, 10, 0, tzinfo=beijing), holder="h:1")
    with store.session() as session:
        (run,) = latest_runs(session)
    assert run.started_at == datetime(2018, 10, 1, 2, 0, tzinfo=UTC)
    assert run.started_at.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"), store.session() as session:
        start_run(session, started_at=datetime(2018, 10, 1, 2, 0))


def test_sqlite_pragmas_are_on(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        for _ in range(2):  # every pooled connection, not just the first
            with store.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO link_referrers (check_id, page, text, tag) VALUES (999, 'p', '', 'a')")
            )
    finally:
        store.dispose()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO link_referrers (check_id, page, text, tag) VALUES (999, 'p', '', 'a')")
        )


def test_bad_url_is_a_clear_store_error() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("not a url at all")
    assert "数据库地址无效" in error_message(caught.value) and "not a url at all" in error_message(
        caught.value
    )
    with pytest.raises(StoreError) as caught:
        open_store("mysql://root:secret@db/x")
    assert "不支持的数据库: mysql://root:***@db/x" in error_message(caught.value)


def test_unreachable_server_names_the_url_without_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://fw:s3cret@127.0.0.1:1/freshwatch")
    message = error_message(caught.value)
    assert "无法打开数据库 postgresql+psycopg://fw:***@127.0.0.1:1/freshwatch" in message
    assert "s3cret" not in message


def test_a_read_only_open_never_creates_a_database(fresh_url: str) -> None:
    from freshwatch.storage.errors import DatabaseMissing

    with pytest.raises(DatabaseMissing):
        open_store(fresh_url, create=False)
    url = make_url(fresh_url)
    if url.get_backend_name() == "sqlite":
        assert not Path(url.database or "").parent.exists()  # not even its folder
        return
    engine = create_engine(url)
    try:
        assert inspect(engine).get_table_names() == []  # the empty database stays empty
    finally:
        engine.dispose()


def test_a_read_only_open_upgrades_an_existing_freshwatch_database(fresh_url: str) -> None:
    open_store(fresh_url).dispose()
    again = open_store(fresh_url, create=False)
    again.dispose()


def test_a_database_with_other_programs_tables_is_refused_and_left_alone(fresh_url: str) -> None:
    from freshwatch.storage.errors import ForeignDatabase

    url = make_url(fresh_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE customers (id INTEGER PRIMARY KEY)"))
        for create in (True, False):
            with pytest.raises(ForeignDatabase, match="not a freshwatch database"):
                open_store(fresh_url, create=create)
        assert inspect(engine).get_table_names() == ["customers"]
    finally:
        engine.dispose()


def test_a_postgresql_maintenance_database_is_refused_by_name() -> None:
    from freshwatch.storage.errors import ForeignDatabase

    for name in ("postgres", "template1"):
        with pytest.raises(ForeignDatabase):
            open_store(f"postgresql://someone@127.0.0.1:1/{name}")


def test_observed_units_are_those_read_in_the_window(store: Store) -> None:
    import zoneinfo

    from freshwatch.storage import observed_units

    from .factories import column, site

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    with store.session() as session:
        run = start_run(session, started_at=at("2018-12-31"))
        record_site(session, run, site([column(unit="hbfj")], unit="hbfj"), observed_at=at("2018-12-31"))
        # 2018-09-30 17:00 UTC is 2018-10-01 01:00 in Shanghai: the fourth quarter there
        record_site(
            session, run, site([column(unit="czj")], unit="czj"), observed_at=at("2018-09-30", hour=17)
        )
    with store.session() as session:
        q4 = observed_units(
            session, start=datetime(2018, 10, 1).date(), end=datetime(2018, 12, 31).date(), tz=shanghai
        )
        q3 = observed_units(
            session, start=datetime(2018, 7, 1).date(), end=datetime(2018, 9, 30).date(), tz=shanghai
        )
        only = observed_units(
            session,
            start=datetime(2018, 10, 1).date(),
            end=datetime(2018, 12, 31).date(),
            tz=shanghai,
            unit_ids=["czj"],
        )
    assert q4 == {"hbfj", "czj"} and q3 == set() and only == {"czj"}
