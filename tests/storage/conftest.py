"""Every storage test runs twice: on a SQLite file and on a fresh PostgreSQL database.

Each test module gets its own PostgreSQL database ``fw_<random>`` (dropped afterwards); tests in the
module share it and the tables are emptied after each test.  Without a reachable server the
PostgreSQL half is skipped, unless CI is set: then it fails.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from freshwatch.storage import Store, open_store, sqlite_url
from freshwatch.storage.models import Base

PG_ADMIN_URL = os.environ.get("FRESHWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _admin() -> psycopg.Connection:
    conninfo = make_url(PG_ADMIN_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise AssertionError(
                f"PostgreSQL at {PG_ADMIN_URL} is unreachable and CI must not skip: {exc}"
            ) from exc
        pytest.skip(f"PostgreSQL at {PG_ADMIN_URL} is unreachable")


def create_pg_database() -> tuple[str, Callable[[], None]]:
    """A new empty database and the function that drops it."""
    name = f"fw_{secrets.token_hex(6)}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    return url, drop


@pytest.fixture(scope="module")
def pg_module_url() -> Iterator[str]:
    url, drop = create_pg_database()
    yield url
    drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fresh_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database nobody has opened yet, for migration tests."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("fresh") / "sub" / "store.db")
        return
    url, drop = create_pg_database()
    yield url
    drop()


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "sqlite":
        return sqlite_url(tmp_path_factory.mktemp("db") / "store.db")
    return str(request.getfixturevalue("pg_module_url"))


@pytest.fixture
def store(db_url: str, backend: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    if backend == "postgresql":  # DELETE: much faster than TRUNCATE on a dozen tiny tables
        with opened.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    opened.dispose()
