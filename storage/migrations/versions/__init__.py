"""Alembic revisions, applied in order by ``storage.open_store``."""
