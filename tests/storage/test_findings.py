"""Content findings in the store (SQLite and PostgreSQL): upsert, resolve, salt, attachment validators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freshwatch import storage
from freshwatch.detectors.content_types import ContentFinding, FindingKind, Level
from freshwatch.storage import Store

T0 = datetime(2024, 12, 1, 2, tzinfo=UTC)
PAGE = "http://x.gov.cn/a.html"


def typo(key: str = "再接再励", url: str = PAGE) -> ContentFinding:
    return ContentFinding(
        FindingKind.typo, Level.general, url, key, f"…{key}…", "typo", suggestion="再接再厉"
    )


def record(
    store: Store,
    findings: list[ContentFinding],
    at: datetime,
    read: set[str],
    evaluated: frozenset[str] = frozenset(),
) -> None:
    with store.session() as session:
        storage.record_findings(
            session, "u1", "http://x.gov.cn/", findings, read_urls=read, evaluated=evaluated, at=at
        )


def open_ones(store: Store) -> list[storage.FindingRecord]:
    with store.session() as session:
        return storage.open_findings(session)


def test_seen_again_keeps_first_seen_and_moves_last_seen(store: Store) -> None:
    record(store, [typo()], T0, {PAGE})
    record(store, [typo()], T0 + timedelta(days=1), {PAGE})
    [found] = open_ones(store)
    assert (found.first_seen, found.last_seen) == (T0, T0 + timedelta(days=1))


def test_page_read_without_it_resolves_it(store: Store) -> None:
    record(store, [typo()], T0, {PAGE})
    record(store, [], T0 + timedelta(days=1), {PAGE})
    assert open_ones(store) == []


def test_page_not_read_again_keeps_it_open(store: Store) -> None:
    record(store, [typo()], T0, {PAGE})
    record(store, [], T0 + timedelta(days=1), set())
    assert len(open_ones(store)) == 1


def test_site_level_check_that_ran_resolves_its_kind_only(store: Store) -> None:
    late = ContentFinding(FindingKind.interpretation, Level.general, PAGE, PAGE, "…", "missing", days_late=2)
    record(store, [late, typo()], T0, {PAGE})
    record(store, [typo()], T0 + timedelta(days=1), {PAGE}, {"interpretation"})
    assert [f.kind for f in open_ones(store)] == ["typo"]


def test_filters_by_unit_and_kind(store: Store) -> None:
    record(store, [typo()], T0, {PAGE})
    with store.session() as session:
        assert storage.open_findings(session, unit_id="u2") == []
        assert storage.open_findings(session, kind="privacy") == []
        assert len(storage.open_findings(session, unit_id="u1", kind="typo")) == 1


def test_salt_is_made_once_and_kept(store: Store) -> None:
    with store.session() as session:
        first = storage.content_salt(session, now=T0)
    with store.session() as session:
        assert storage.content_salt(session, now=T0 + timedelta(days=1)) == first
    assert len(first) == 32


def test_attachment_validators_are_replaced_on_a_new_read(store: Store) -> None:
    url = "http://x.gov.cn/f.pdf"
    with store.session() as session:
        storage.record_attachment(
            session, url, etag='"1"', last_modified=None, size=10, unreadable=None, at=T0
        )
    with store.session() as session:
        storage.record_attachment(
            session, url, etag='"2"', last_modified=None, size=12, unreadable="扫描件", at=T0
        )
    with store.session() as session:
        state = storage.attachment_states(session)[url]
    assert (state.etag, state.size, state.unreadable) == ('"2"', 12, "扫描件")


def test_unchanged_attachment_keeps_its_finding_seen(store: Store) -> None:
    attachment = "http://x.gov.cn/f.pdf"
    record(store, [typo(url=attachment)], T0, {attachment})
    with store.session() as session:
        storage.record_findings(
            session,
            "u1",
            "http://x.gov.cn/",
            [],
            read_urls=set(),
            evaluated=set(),
            at=T0 + timedelta(days=9),
            unchanged={attachment},
        )
    [found] = open_ones(store)
    assert found.last_seen == T0 + timedelta(days=9)
