"""Locks, job runs, send claims and frozen tables: what keeps an unattended service honest."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from freshwatch.storage import (
    SendStatus,
    Store,
    acquire_lock,
    claim_send,
    current_lock,
    failed_sends,
    freeze_table,
    frozen_table,
    last_jobs,
    mark_send,
    record_job,
    refresh_lock,
    release_lock,
)
from freshwatch.storage.errors import QuarterFrozen

from .factories import at

TTL = timedelta(minutes=10)
NOW = at("2018-10-01")


def test_racing_processes_get_the_lock_exactly_once(store: Store) -> None:
    contenders = 4
    barrier = threading.Barrier(contenders)
    results: dict[str, bool] = {}

    def contend(holder: str) -> None:
        barrier.wait()
        with store.session() as session:
            results[holder] = acquire_lock(session, "crawl", holder, now=NOW, ttl=TTL)

    threads = [threading.Thread(target=contend, args=(f"host:{n}",)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winners = [holder for holder, won in results.items() if won]
    assert len(results) == contenders and len(winners) == 1
    with store.session() as session:
        lock = current_lock(session, "crawl", now=NOW)
    assert lock is not None and lock.holder == winners[0] and lock.expires_at == NOW + TTL


def test_an_expired_lock_can_be_taken_over_and_the_old_holder_notices(store: Store) -> None:
    with store.session() as session:
        assert acquire_lock(session, "crawl", "daemon:1", now=NOW, ttl=TTL)
    with store.session() as session:
        assert not acquire_lock(session, "crawl", "cli:2", now=NOW + TTL - timedelta(seconds=1), ttl=TTL)
        assert acquire_lock(
            session, "crawl", "daemon:1", now=NOW + timedelta(minutes=1), ttl=TTL
        )  # re-entrant
    later = NOW + timedelta(minutes=11, seconds=1)
    with store.session() as session:
        assert acquire_lock(session, "crawl", "cli:2", now=later, ttl=TTL)
    with store.session() as session:
        assert not refresh_lock(session, "crawl", "daemon:1", now=later, ttl=TTL)
        assert not release_lock(session, "crawl", "daemon:1")
        lock = current_lock(session, "crawl", now=later)
        assert lock is not None and (lock.holder, lock.acquired_at) == ("cli:2", later)
        assert refresh_lock(session, "crawl", "cli:2", now=later, ttl=TTL * 2)
        assert release_lock(session, "crawl", "cli:2")
        assert current_lock(session, "crawl", now=later) is None
        assert acquire_lock(session, "crawl", "daemon:1", now=later, ttl=TTL)


def test_last_jobs_reports_last_run_and_last_success(store: Store) -> None:
    with store.session() as session:
        record_job(
            session, job="crawl", started_at=at("2018-10-01"), finished_at=at("2018-10-01", 3), ok=True
        )
        record_job(
            session,
            job="crawl",
            started_at=at("2018-10-02"),
            finished_at=at("2018-10-02", 3),
            ok=False,
            detail="database is locked",
        )
        record_job(
            session, job="digest", started_at=at("2018-10-02", 8), finished_at=at("2018-10-02", 9), ok=True
        )
    with store.session() as session:
        jobs = last_jobs(session)
    assert set(jobs) == {"crawl", "digest"}
    crawl = jobs["crawl"]
    assert (crawl.ok, crawl.detail, crawl.started_at) == (False, "database is locked", at("2018-10-02"))
    assert crawl.last_success == at("2018-10-01", 3)
    assert jobs["digest"].last_success == at("2018-10-02", 9)


def claim(store: Store, key: str = "digest:2018-10-02:hbfj:email:web@hbfj", **options: Any) -> bool:
    with store.session() as session:
        return claim_send(
            session, key=key, unit_id="hbfj", channel="email", recipient="web@hbfj", at=NOW, **options
        )


def mark(store: Store, ok: bool, key: str = "digest:2018-10-02:hbfj:email:web@hbfj") -> None:
    with store.session() as session:
        mark_send(session, key, ok=ok, detail="" if ok else "SMTP connect refused", at=NOW)


def test_a_send_claimed_twice_goes_out_once(store: Store) -> None:
    assert claim(store)
    assert not claim(store)  # in flight
    mark(store, ok=True)
    assert not claim(store)  # sent: a restart the same day sends nothing
    with store.session() as session:
        assert failed_sends(session) == []


def test_a_failed_send_is_reported_and_retried(store: Store) -> None:
    assert claim(store)
    mark(store, ok=False)
    with store.session() as session:
        (failed,) = failed_sends(session)
    assert (failed.status, failed.attempts, failed.detail) == (SendStatus.failed, 1, "SMTP connect refused")
    assert claim(store)
    assert not claim(store)
    mark(store, ok=True)
    with store.session() as session:
        assert failed_sends(session) == []


def test_a_claim_left_by_a_dead_process_is_retaken_only_when_stale(store: Store) -> None:
    assert claim(store)
    assert not claim(store, stale_after=timedelta(hours=1))
    with store.session() as session:
        assert [s.status for s in failed_sends(session, pending_before=NOW + timedelta(seconds=1))] == [
            SendStatus.pending
        ]
        assert claim_send(
            session,
            key="digest:2018-10-02:hbfj:email:web@hbfj",
            unit_id="hbfj",
            channel="email",
            recipient="web@hbfj",
            at=NOW + timedelta(hours=2),
            stale_after=timedelta(hours=1),
        )


def test_racing_digest_runs_claim_a_send_once(store: Store) -> None:
    barrier = threading.Barrier(3)
    results: list[bool] = []

    def run() -> None:
        barrier.wait()
        results.append(claim(store, key="office:2018-10-02"))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False, False, True]


def test_frozen_tables_are_kept_and_refrozen_only_on_purpose(store: Store) -> None:
    with store.session() as session:
        assert frozen_table(session, "2018Q4") is None
        freeze_table(session, quarter="2018Q4", rulebook="demo", payload='{"rows": []}', at=at("2019-01-05"))
    with pytest.raises(QuarterFrozen) as frozen, store.session() as session:
        freeze_table(session, quarter="2018Q4", rulebook="demo", payload="{}", at=at("2019-01-06"))
    assert (frozen.value.frozen.quarter, frozen.value.frozen.frozen_at) == ("2018Q4", at("2019-01-05"))
    with store.session() as session:
        freeze_table(
            session, quarter="2018Q4", rulebook="national", payload="{}", at=at("2019-01-07"), replace=True
        )
    with store.session() as session:
        table = frozen_table(session, "2018Q4")
    assert table is not None and (table.rulebook, table.payload, table.frozen_at) == (
        "national",
        "{}",
        at("2019-01-07"),
    )
