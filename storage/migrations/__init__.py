"""Alembic migrations of the freshwatch store; applied by ``storage.open_store``."""
