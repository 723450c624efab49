"""Alembic environment.

``storage.open_store`` passes its own connection (already inside a transaction and, on PostgreSQL,
holding the migration advisory lock) in ``config.attributes["connection"]``; no alembic.ini is needed
at run time.  Developers can still run the alembic CLI with ``-x url=...`` to autogenerate a revision.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from freshwatch.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or ""
    )


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine(_url())
    try:
        with engine.connect() as own:
            _configure(own)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
