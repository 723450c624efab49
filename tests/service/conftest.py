"""Fixtures of the service tests: stores on SQLite and PostgreSQL, an SMTP server, a webhook."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from freshwatch import storage
from freshwatch.storage import Store
from tests.service.sinks import SmtpSink, WebhookSink

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def _fresh_pg_database() -> str:
    import psycopg

    name = f"fw_service_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable: {error}")
    return name


def _drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL database made for this test."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'freshwatch.db'}"
        return
    name = _fresh_pg_database()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        _drop_pg_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = storage.open_store(db_url)
    try:
        yield opened
    finally:
        opened.dispose()


BOTH_STORES = pytest.mark.parametrize(
    "db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def webhook() -> Iterator[WebhookSink]:
    sink = WebhookSink().start()
    try:
        yield sink
    finally:
        sink.stop()
