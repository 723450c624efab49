"""Column snapshots (migration 0008) on SQLite and PostgreSQL: kept compressed, read back whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freshwatch import storage
from freshwatch.storage import Store
from freshwatch.storage.models import SnapshotRow

AT = datetime(2018, 12, 31, 2, 0, tzinfo=UTC)
URL = "http://127.0.0.1/ghjh/"
PAGE = "<ul><li>规划计划 2018-01-05</li></ul>" * 50


def test_a_snapshot_reads_back_whole_from_compressed_bytes(store: Store) -> None:
    with store.session() as session:
        storage.save_snapshot(session, unit_id="hbfj", column_url=URL, html=PAGE, reason="overdue", at=AT)
    with store.session() as session:
        found = storage.latest_snapshot(session, unit_id="hbfj", column_url=URL)
        stored = session.query(SnapshotRow).one().html_zlib
    assert found == storage.Snapshot("hbfj", URL, AT, "overdue", PAGE)
    assert len(stored) < len(PAGE.encode())


def test_the_latest_snapshot_is_the_newest_and_none_without_one(store: Store) -> None:
    with store.session() as session:
        storage.save_snapshot(session, unit_id="hbfj", column_url=URL, html="old", reason="overdue", at=AT)
        later = AT + timedelta(days=40)
        storage.save_snapshot(session, unit_id="hbfj", column_url=URL, html="new", reason="overdue", at=later)
    with store.session() as session:
        found = storage.latest_snapshot(session, unit_id="hbfj", column_url=URL)
        other = storage.latest_snapshot(session, unit_id="gtzyfj", column_url=URL)
    assert found is not None and (found.html, found.taken_at) == ("new", later)
    assert other is None


def test_has_snapshot_since_counts_only_snapshots_from_that_moment(store: Store) -> None:
    with store.session() as session:
        storage.save_snapshot(session, unit_id="hbfj", column_url=URL, html="p", reason="overdue", at=AT)
    with store.session() as session:
        assert storage.has_snapshot_since(session, "hbfj", URL, AT)
        assert not storage.has_snapshot_since(session, "hbfj", URL, AT + timedelta(seconds=1))
        assert not storage.has_snapshot_since(session, "hbfj", URL + "x", AT - timedelta(days=1))
