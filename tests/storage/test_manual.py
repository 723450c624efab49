"""Manual deductions: idempotent imports, ranges, withdrawal that keeps the entry."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.reports.wording import error_message
from freshwatch.storage import Store, add_manual, manual_entries, manual_entry, withdraw_manual
from freshwatch.storage.errors import ManualEntryMissing, ManualEntryWithdrawn

from .factories import at


def book(store: Store, day: str, points: float, key: str | None = None, unit: str = "hbfj") -> int | None:
    with store.session() as session:
        return add_manual(
            session,
            unit_id=unit,
            day=date.fromisoformat(day),
            points=points,
            column="政务公开科日常监测",
            reason="信息更新不及时",
            source_id="通报12",
            author="张三",
            import_key=key,
            at=at("2018-12-01"),
        )


def test_importing_the_same_rows_twice_books_them_once(store: Store) -> None:
    first = [book(store, "2018-10-10", 1.0, key="sheet1:2"), book(store, "2018-11-10", 0.5, key="sheet1:3")]
    again = [book(store, "2018-10-10", 1.0, key="sheet1:2"), book(store, "2018-11-10", 0.5, key="sheet1:3")]
    unkeyed = [book(store, "2018-11-11", 2.0), book(store, "2018-11-11", 2.0)]
    assert all(isinstance(entry_id, int) for entry_id in first + unkeyed)
    assert again == [None, None]
    with store.session() as session:
        entries = manual_entries(session, unit_ids=["hbfj"])
    assert [(e.day, e.points) for e in entries] == [
        (date(2018, 10, 10), 1.0),
        (date(2018, 11, 10), 0.5),
        (date(2018, 11, 11), 2.0),
        (date(2018, 11, 11), 2.0),
    ]
    assert (entries[0].column, entries[0].source_id, entries[0].author) == (
        "政务公开科日常监测",
        "通报12",
        "张三",
    )


def test_ranges_and_units(store: Store) -> None:
    book(store, "2018-09-30", 1.0)
    book(store, "2018-10-01", 2.0)
    book(store, "2018-12-31", 3.0)
    book(store, "2018-11-01", 4.0, unit="other")
    with store.session() as session:
        q4 = manual_entries(session, unit_ids=["hbfj"], start=date(2018, 10, 1), end=date(2018, 12, 31))
        everyone = manual_entries(session)
    assert [e.points for e in q4] == [2.0, 3.0]
    assert [e.unit_id for e in everyone] == ["hbfj", "hbfj", "other", "hbfj"]


def test_withdrawn_entries_are_kept_but_not_counted(store: Store) -> None:
    kept, withdrawn = book(store, "2018-10-10", 1.0), book(store, "2018-10-11", 2.0)
    assert kept is not None and withdrawn is not None
    with store.session() as session:
        withdraw_manual(session, withdrawn, reason="录入错误", at=at("2018-12-02"))
    with store.session() as session:
        active = manual_entries(session)
        every = manual_entries(session, include_withdrawn=True)
    assert [e.entry_id for e in active] == [kept]
    assert [(e.entry_id, e.withdrawn_at, e.withdraw_reason) for e in every] == [
        (kept, None, None),
        (withdrawn, at("2018-12-02"), "录入错误"),
    ]
    with pytest.raises(ManualEntryWithdrawn) as again, store.session() as session:
        withdraw_manual(session, withdrawn, reason="again", at=at("2018-12-03"))
    assert (again.value.entry_id, again.value.at, again.value.reason) == (
        withdrawn,
        at("2018-12-02"),
        "录入错误",
    )
    assert "已于 2018-12-02 撤销" in error_message(again.value)
    with pytest.raises(ManualEntryMissing) as missing, store.session() as session:
        withdraw_manual(session, 9999, reason="?", at=at("2018-12-03"))
    assert "没有编号为 9999" in error_message(missing.value)


def test_one_entry_by_its_number(store: Store) -> None:
    booked = book(store, "2018-10-10", 1.5)
    assert booked is not None
    with store.session() as session:
        withdraw_manual(session, booked, reason="录入错误", at=at("2018-12-02"))
    with store.session() as session:
        found = manual_entry(session, booked)
        assert manual_entry(session, booked + 1000) is None
    assert found is not None and found.points == 1.5 and found.withdraw_reason == "录入错误"
