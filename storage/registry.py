"""The registry (config + rulebook) recorded in the database.

A command run without the config file (``freshwatch --db URL status`` on the demo database) reads the
newest snapshot; snapshots are only added when something changed, and old ones stay as history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from freshwatch.storage.models import RegistrySnapshot
from freshwatch.storage.records import RegistryRecord


def load_registry(session: Session) -> RegistryRecord | None:
    newest = session.scalars(select(RegistrySnapshot).order_by(RegistrySnapshot.id.desc()).limit(1)).first()
    if newest is None:
        return None
    return RegistryRecord(newest.config_json, newest.rulebook_json, newest.saved_at)


def save_registry(session: Session, *, config_json: str, rulebook_json: str, at: datetime) -> bool:
    """Record the registry unless the newest snapshot is the same; True when a snapshot was added."""
    newest = load_registry(session)
    if newest is not None and (newest.config_json, newest.rulebook_json) == (config_json, rulebook_json):
        return False
    session.add(RegistrySnapshot(config_json=config_json, rulebook_json=rulebook_json, saved_at=at))
    session.flush()
    return True


def registry_snapshot_id(session: Session, *, config_json: str, rulebook_json: str, at: datetime) -> int:
    """The id of the newest snapshot holding exactly this config, saving one when there is none.

    A distributed run names its registry by this id, so a worker on another machine crawls the
    coordinator's registry and not the one in its own file.
    """
    found = session.scalar(
        select(RegistrySnapshot.id)
        .where(RegistrySnapshot.config_json == config_json)
        .order_by(RegistrySnapshot.id.desc())
        .limit(1)
    )
    if found is not None:
        return int(found)
    snapshot = RegistrySnapshot(config_json=config_json, rulebook_json=rulebook_json, saved_at=at)
    session.add(snapshot)
    session.flush()
    return snapshot.id


def registry_config(session: Session, snapshot_id: int) -> str | None:
    """The config JSON of one snapshot."""
    return session.scalar(select(RegistrySnapshot.config_json).where(RegistrySnapshot.id == snapshot_id))
