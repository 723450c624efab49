"""The console's tables (migration 0007) on SQLite and PostgreSQL: accounts and sessions, the audit
log, rectification claims and disputes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from freshwatch import storage
from freshwatch.storage import Store
from freshwatch.storage.errors import AccountExists, ClaimPending, DisputeDecided, DisputeRefused

NOW = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)


def _user(store: Store, name: str = "clerk") -> storage.AccountRecord:
    with store.session() as session:
        return storage.add_user(session, name=name, role="office", unit_id=None, password_hash="h", at=NOW)


def test_a_session_token_finds_its_account_until_it_expires(store: Store) -> None:
    account = _user(store)
    with store.session() as session:
        storage.open_session(
            session,
            user_id=account.user_id,
            token="t0k",
            csrf="c",
            at=NOW,
            expires_at=NOW + timedelta(hours=1),
        )
    with store.session() as session:
        found = storage.session_account(session, "t0k", now=NOW)
        expired = storage.session_account(session, "t0k", now=NOW + timedelta(hours=2))
    assert found is not None and (found[0].name, found[1]) == ("clerk", "c")
    assert expired is None


def test_a_new_password_ends_the_accounts_sessions(store: Store) -> None:
    account = _user(store)
    with store.session() as session:
        storage.open_session(
            session,
            user_id=account.user_id,
            token="t0k",
            csrf="c",
            at=NOW,
            expires_at=NOW + timedelta(hours=1),
        )
        storage.set_password_hash(session, "clerk", "h2", at=NOW)
    with store.session() as session:
        assert storage.session_account(session, "t0k", now=NOW) is None


def test_a_second_account_with_the_same_name_is_refused(store: Store) -> None:
    _user(store)
    with pytest.raises(AccountExists):
        _user(store)


def test_the_audit_log_keeps_before_and_after_newest_first(store: Store) -> None:
    with store.session() as session:
        storage.record_audit(
            session, actor="clerk", action="a.first", target="x", before="{}", after="{}", at=NOW
        )
        later = NOW + timedelta(minutes=1)
        storage.record_audit(
            session, actor="clerk", action="a.second", target="y", before="1", after="2", at=later
        )
    with store.session() as session:
        entries = storage.audit_entries(session)
    assert [(e.action, e.before, e.after) for e in entries] == [
        ("a.second", "1", "2"),
        ("a.first", "{}", "{}"),
    ]


def test_a_claim_is_settled_once_and_a_waiting_claim_is_not_repeated(store: Store) -> None:
    with store.session() as session:
        claim = storage.claim_fixed(
            session, unit_id="u1", kind="link", target="http://a/x", label="", note="删了", by="u1", at=NOW
        )
        with pytest.raises(ClaimPending):
            storage.claim_fixed(
                session,
                unit_id="u1",
                kind="link",
                target="http://a/x",
                label="",
                note="又删了",
                by="u1",
                at=NOW,
            )
    with store.session() as session:
        storage.settle_claim(session, claim, fixed_on=date(2026, 12, 6), note="", at=NOW)
        storage.settle_claim(session, claim, fixed_on=None, note="late", at=NOW)
    with store.session() as session:
        (settled,) = storage.rectifications(session, unit_ids=["u1"])
    assert (settled.status, settled.fixed_on, settled.check_note) == ("fixed", date(2026, 12, 6), "")


def test_a_dispute_is_only_for_the_units_own_live_deduction(store: Store) -> None:
    with store.session() as session:
        entry = storage.add_manual(
            session, unit_id="u1", day=date(2026, 11, 1), points=1, column="人工", reason="r", at=NOW
        )
        assert entry is not None
        with pytest.raises(DisputeRefused):
            storage.file_dispute(session, entry_id=entry, unit_id="u2", reason="不服", by="u2", at=NOW)
        dispute_id = storage.file_dispute(
            session, entry_id=entry, unit_id="u1", reason="不服", by="u1", at=NOW
        )
        decided = storage.decide_dispute(
            session, dispute_id, accepted=False, reason="证据充分", by="clerk", at=NOW
        )
    assert (decided.status, decided.decision_reason) == ("rejected", "证据充分")
    with store.session() as session, pytest.raises(DisputeDecided):
        storage.decide_dispute(session, dispute_id, accepted=True, reason="改判", by="clerk", at=NOW)
