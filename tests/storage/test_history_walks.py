"""Each column's walk: history_from, why it stopped, what it cost, and the memory a crawl is handed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from freshwatch.crawler.types import ColumnObservation, ErrorClass, WalkEnd
from freshwatch.detectors.types import Item
from freshwatch.storage import Store, column_histories, column_memory, observed_units, record_site, start_run

from .factories import HOME, NEWS, at, column, item, site

TZ = ZoneInfo("Asia/Shanghai")


def crawl(store: Store, when: str, *columns: ColumnObservation) -> None:
    with store.session() as session:
        run_id = start_run(session, started_at=at(when), holder="test:1")
        record_site(session, run_id, site(columns), observed_at=at(when))


def walked(
    observation: ColumnObservation, since: str | None, end: WalkEnd, requests: int
) -> ColumnObservation:
    return replace(
        observation,
        history_from=date.fromisoformat(since) if since else None,
        walk_end=end,
        requests=requests,
    )


def test_history_from_is_the_newest_walk_that_read_the_list(store: Store) -> None:
    crawl(store, "2026-11-16", walked(column([item("a", "2026-11-10")]), "2026-06-30", WalkEnd.anchor, 20))
    crawl(store, "2026-11-17", walked(column(error=ErrorClass.timeout), None, WalkEnd.unread, 1))
    with store.session() as session:
        (history,) = column_histories(session, tz=TZ)
    assert (history.history_from, history.walk_end, history.walked) == (date(2026, 6, 30), "unread", True)


def test_a_column_never_walked_is_read_as_before(store: Store) -> None:
    crawl(store, "2026-11-16", column([item("a", "2026-11-10")]))
    with store.session() as session:
        (history,) = column_histories(session, tz=TZ)
    assert (history.history_from, history.walked, history.known_from()) == (None, False, None)


def test_memory_hands_the_crawl_every_stored_url_with_its_date_and_the_cap(store: Store) -> None:
    items = [item("a", "2026-11-10"), item("b", None)]
    crawl(store, "2026-11-16", walked(column(items), "2026-10-06", WalkEnd.cap, 25))
    with store.session() as session:
        memory = column_memory(session, unit_ids=["hbfj"])
    (found,) = memory.values()
    assert list(memory) == [("hbfj", NEWS)]
    assert dict(found.dated) == {f"{HOME}a": date(2026, 11, 10), f"{HOME}b": None}
    assert (found.history_from, found.capped) == (date(2026, 10, 6), True)


def test_items_whose_link_leads_nowhere_are_kept_apart_by_title(store: Store) -> None:
    dead = [Item(title=f"通知{n}", url="", published=date(2026, 11, n)) for n in (1, 2, 3)]
    crawl(store, "2026-11-16", column(dead))
    with store.session() as session:
        (history,) = column_histories(session, tz=TZ)
    assert history.updates == (date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3))


def test_a_crawl_of_the_next_quarter_that_read_the_whole_quarter_back_counts_as_monitoring_it(
    store: Store,
) -> None:
    crawl(store, "2026-11-16", walked(column([item("a", "2026-11-10")]), "2026-06-30", WalkEnd.anchor, 20))

    def monitored(start: str, end: str) -> set[str]:
        with store.session() as session:
            return observed_units(
                session, start=date.fromisoformat(start), end=date.fromisoformat(end), tz=TZ
            )

    assert monitored("2026-07-01", "2026-09-30") == {"hbfj"}  # the previous quarter, read back whole
    assert monitored("2026-04-01", "2026-06-30") == set()  # known from 06-30 only: not claimed
    assert monitored("2026-10-01", "2026-12-31") == {"hbfj"}  # crawled during it
