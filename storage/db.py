"""Engine, sessions and migrations: the one module that knows which database it talks to.

SQLite transactions begin IMMEDIATE: one writer at a time, the others wait up to the busy timeout.
A deferred transaction that reads and then writes can fail at once with "database is locked" when a
daemon and a CLI crawl share the file; taking the write lock up front removes that whole class of
failure for the cost of serialising short transactions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from freshwatch.storage.errors import (
    DatabaseMissing,
    DatabaseUnavailable,
    DatabaseUrlInvalid,
    ForeignDatabase,
    StoreError,
    UnsupportedDatabase,
)

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 0x66776D69  # PostgreSQL advisory lock id: one migrator at a time


class Store:
    """An open, migrated database.  ``session()`` is the unit of work: commit on success, else rollback."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url.render_as_string(hide_password=False)
        self.display_url = url.render_as_string(hide_password=True)
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def open_store(
    url: str, *, create: bool = True, busy_timeout: float = 30.0, connect_timeout: int = 10
) -> Store:
    """Connect and migrate to head.  Every failure becomes one ``StoreError`` naming the URL.

    ``create=False`` (every command that only reads) never makes a database: a missing SQLite file
    or an empty database is ``DatabaseMissing``.  An existing freshwatch database is upgraded in
    either mode (its schema must match the code reading it).  A database holding tables that are not
    freshwatch's, or a PostgreSQL maintenance database, is ``ForeignDatabase`` in both modes.
    """
    parsed = _parse(url)
    shown = parsed.render_as_string(hide_password=True)
    _refuse_admin_database(parsed, shown)
    if not create:
        _require_sqlite_file(parsed, shown)
    try:
        engine = _create(parsed, busy_timeout, connect_timeout, make_folders=create)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseUrlInvalid(shown, str(exc)) from exc
    except OSError as exc:
        raise DatabaseUnavailable(shown, str(exc)) from exc
    try:
        migrate(engine, create=create, shown=shown)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, CommandError, OSError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseUnavailable(shown, reason) from exc
    return Store(parsed, engine)


def migrate(engine: Engine, *, create: bool = True, shown: str = "") -> None:
    """Upgrade to head, safe when a daemon and a CLI start on a fresh database at the same moment.

    The whole upgrade runs in one transaction that first takes the migration lock (an advisory lock on
    PostgreSQL, the IMMEDIATE write lock on SQLite); the loser then finds the schema at head.
    """
    scripts = ScriptDirectory(str(MIGRATIONS))
    head = scripts.get_current_head()
    shown = shown or engine.url.render_as_string(hide_password=True)
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        if current is None:
            tables = tuple(sorted(inspect(connection).get_table_names()))
            if tables:
                raise ForeignDatabase(shown, tables=tables)
            if not create:
                raise DatabaseMissing(shown)
        elif current not in {script.revision for script in scripts.walk_revisions()}:
            raise ForeignDatabase(shown, revision=current)
        _upgrade(connection)


def _require_sqlite_file(url: URL, shown: str) -> None:
    if url.get_backend_name() != "sqlite" or (url.database or "") in ("", ":memory:"):
        return
    path = Path(url.database or "").expanduser()
    if not path.is_file():
        raise DatabaseMissing(shown, str(path.resolve()))


_ADMIN_DATABASES = frozenset({"postgres", "template0", "template1"})


def _refuse_admin_database(url: URL, shown: str) -> None:
    if url.get_backend_name() == "postgresql" and (url.database or "postgres") in _ADMIN_DATABASES:
        raise ForeignDatabase(shown, admin=True)


def _upgrade(connection: Connection) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - a port that is not a number fails here, not in a traceback later
    except (ArgumentError, ValueError) as exc:  # ValueError: a port like ":abc"
        masked = re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)
        raise DatabaseUrlInvalid(masked) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        shown = parsed.render_as_string(hide_password=True)
        raise UnsupportedDatabase(shown)
    return parsed


def _create(url: URL, busy_timeout: float, connect_timeout: int, *, make_folders: bool) -> Engine:
    if url.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": connect_timeout})
    database = url.database or ""
    memory = database in ("", ":memory:")
    options: dict[str, Any] = {"connect_args": {"timeout": busy_timeout}}
    if memory:
        options = {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
    elif make_folders:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    _sqlite_events(engine, busy_timeout, wal=not memory)
    return engine


def _sqlite_events(engine: Engine, busy_timeout: float, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# --- helpers for the query modules ------------------------------------------------------------------


def insert_for(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that understands ``on_conflict_do_nothing`` on both backends."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def day_bounds(start: date | None, end: date | None, tz: tzinfo) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, end+1 00:00) in ``tz``, as UTC; None stays open."""
    low = day_start(start, tz) if start is not None else None
    high = day_start(end + timedelta(days=1), tz) if end is not None else None
    return low, high


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def insert_if_absent(session: Session, table: Table, values: dict[str, Any], *, unique: str) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when this statement inserted the row.

    Asks RETURNING rather than rowcount: with an autoincrement key SQLAlchemy adds its own RETURNING
    on PostgreSQL, consumes it, and leaves rowcount at -1.
    """
    stmt = insert_for(session, table).values(**values).on_conflict_do_nothing(index_elements=[unique])
    return session.execute(stmt.returning(table.c[unique])).first() is not None


def rowcount(result: Any) -> int:
    """Rows an INSERT/UPDATE/DELETE touched; how the atomic claims below know whether they won."""
    return int(result.rowcount)


def chunks(values: list[str], size: int = 5000) -> Iterator[list[str]]:
    """Keep IN lists under SQLite's bound-parameter limit."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
