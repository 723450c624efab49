"""The item timeline and the column histories scoring reads from it."""

from __future__ import annotations

import time
from datetime import UTC, date, timedelta, timezone
from typing import Any

from sqlalchemy import event

from freshwatch.config.models import Category
from freshwatch.crawler.types import ColumnObservation, ErrorClass
from freshwatch.scoring.types import ColumnHistory
from freshwatch.storage import Store, column_histories, item_timeline, record_site, start_run

from .factories import HOME, NEWS, at, column, item, link, site


def crawl(store: Store, when: str, *columns: ColumnObservation, hour: int = 2) -> int:
    with store.session() as session:
        run_id = start_run(session, started_at=at(when, hour), holder="test:1")
        record_site(session, run_id, site(columns), observed_at=at(when, hour))
    return run_id


def test_timeline_keeps_new_seen_again_disappeared_and_redated_items(store: Store) -> None:
    crawl(store, "2018-10-01", column([item("a", "2018-09-20"), item("b", "2018-09-25")]))
    crawl(
        store,
        "2018-10-08",
        column([item("a", "2018-09-20", title="新标题"), item("c", "2018-10-05"), item("b", "2018-09-26")]),
    )
    crawl(store, "2018-10-15", column([item("c", "2018-10-05")]))  # a and b dropped off the list

    with store.session() as session:
        timeline = {
            entry.url.removeprefix(HOME): entry
            for entry in item_timeline(session, unit_id="hbfj", column_url=NEWS)
        }
    assert list(timeline) == ["c", "b", "a"]  # newest publish date first
    assert timeline["a"].title == "新标题"
    assert (timeline["a"].first_seen, timeline["a"].last_seen) == (at("2018-10-01"), at("2018-10-08"))
    assert (timeline["c"].first_seen, timeline["c"].last_seen) == (at("2018-10-08"), at("2018-10-15"))
    assert timeline["b"].published == date(2018, 9, 26)
    assert [(c.old, c.new, c.changed_at) for c in timeline["b"].changes] == [
        (date(2018, 9, 25), date(2018, 9, 26), at("2018-10-08"))
    ]
    assert timeline["a"].changes == () and timeline["a"].date_source == "list_text"


def test_an_undated_reading_never_erases_a_known_date(store: Store) -> None:
    crawl(store, "2018-10-01", column([item("a", "2018-09-20")]))
    crawl(store, "2018-10-02", column([item("a", None), item("a", None)]))  # listed twice, no date
    with store.session() as session:
        (entry,) = item_timeline(session, unit_id="hbfj", column_url=NEWS)
    assert entry.published == date(2018, 9, 20) and entry.changes == ()
    assert entry.last_seen == at("2018-10-02")


def test_histories_count_disappeared_items_and_report_verdicts(store: Store) -> None:
    notice = "http://127.0.0.1:8101/tzgg/"
    crawl(
        store,
        "2018-10-01",
        column([item("a", "2018-09-20")]),
        column(url=notice, category=Category.notice),
        column(url=HOME, category=Category.home, items=[item("h", "2018-09-30")]),
    )
    crawl(
        store, "2018-10-08", column([item("c", "2018-10-05")]), column(url=notice, category=Category.notice)
    )
    crawl(store, "2018-10-15", column(error=ErrorClass.timeout), column(url=notice, category=Category.notice))

    with store.session() as session:
        histories = {h.column_url: h for h in column_histories(session, tz=UTC)}
    assert set(histories) == {NEWS, notice, HOME}
    assert histories[NEWS].updates == (date(2018, 9, 20), date(2018, 10, 5))
    assert histories[NEWS].last_verdict == "unreachable"
    assert histories[HOME].category is Category.home and histories[HOME].updates == (date(2018, 9, 30),)
    assert histories[notice].last_verdict == "blank" and histories[notice].updates == ()
    assert histories[notice].blank_days == (date(2018, 10, 1), date(2018, 10, 8), date(2018, 10, 15))


def test_histories_as_of_see_only_what_was_known_then(store: Store) -> None:
    crawl(store, "2018-10-01", column([item("a", "2018-09-20")]))
    crawl(store, "2018-10-08", column([item("b", "2018-10-05"), item("late", "2018-10-09")]))
    crawl(store, "2018-10-15", column(error=ErrorClass.http_5xx))

    def history(as_of: str, **options: Any) -> ColumnHistory:
        with store.session() as session:
            (found,) = column_histories(
                session, unit_ids=["hbfj"], as_of=date.fromisoformat(as_of), tz=UTC, **options
            )
        return found

    assert history("2018-10-07").updates == (date(2018, 9, 20),)  # b was first seen on the 8th
    assert history("2018-10-07", require_seen=False).updates == (date(2018, 9, 20), date(2018, 10, 5))
    assert history("2018-10-08").updates == (date(2018, 9, 20), date(2018, 10, 5))  # 10-09 is after as_of
    assert history("2018-10-08").last_verdict == "ok"
    assert history("2018-10-15").last_verdict == "unreachable"
    assert history("2018-09-30").last_verdict is None and history("2018-09-30").updates == ()
    with store.session() as session:
        assert column_histories(session, unit_ids=["other"], tz=UTC) == []


def test_as_of_days_follow_the_given_time_zone(store: Store) -> None:
    crawl(store, "2018-10-07", column([item("a", "2018-10-01")]), hour=20)  # 04:00 on the 8th in Beijing
    beijing = timezone(timedelta(hours=8))
    with store.session() as session:
        (utc_view,) = column_histories(session, as_of=date(2018, 10, 7), tz=UTC)
        (local_view,) = column_histories(session, as_of=date(2018, 10, 7), tz=beijing)
    assert utc_view.updates == (date(2018, 10, 1),)
    assert local_view.updates == () and local_view.last_verdict is None


def test_a_large_site_records_in_few_statements(store: Store, backend: str) -> None:
    """500 items and 500 links (50 broken, each found on two pages), the second time all known.

    Speed is measured in bench/, not asserted here; what must hold on any machine is that the
    statements are batched: a handful per site, never one per item or link.
    """
    items = [item(f"art/{n}.html", f"2018-{1 + n % 12:02d}-{1 + n % 28:02d}") for n in range(500)]
    links = [
        link(f"l/{n}", ErrorClass.http_4xx if n % 10 == 0 else None, found_on=[HOME, NEWS])
        for n in range(500)
    ]
    big = site([column(items)], links)
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    timings = []
    for day in ("2018-10-01", "2018-10-02"):
        with store.session() as session:
            run_id = start_run(session, started_at=at(day), holder="test:1")
            event.listen(store.engine, "before_cursor_execute", count)
            started = time.perf_counter()
            record_site(session, run_id, big, observed_at=at(day))
            session.flush()
            timings.append(time.perf_counter() - started)
            event.remove(store.engine, "before_cursor_execute", count)
    with store.session() as session:
        assert len(item_timeline(session, unit_id="hbfj", column_url=NEWS)) == 500
    print(f"record_site 500 items + 500 links on {backend}: {[f'{t * 1000:.0f} ms' for t in timings]}")
    assert len(statements) <= 20, f"{len(statements)} statements for two recordings"  # 14 in Nov 2026


def test_many_columns_record_in_as_few_statements_as_one(store: Store) -> None:
    """40 columns of 20 items: the items of all columns share one SELECT, one insert, one 'seen'
    update and one batch of edits, so the count does not grow with the columns."""

    def columns(day: str) -> list[ColumnObservation]:
        redated = "2018-09-02" if day == "2018-10-02" else "2018-09-01"  # the second crawl redates n0
        return [
            column(
                [item(f"c{c}/n{n}.html", redated if n == 0 else "2018-08-01") for n in range(20)],
                url=f"{HOME}c{c}/",
            )
            for c in range(40)
        ]

    counts = []
    for day in ("2018-10-01", "2018-10-02"):
        statements: list[str] = []

        def count(conn: object, cursor: object, statement: str, *args: object) -> None:
            statements.append(statement)  # noqa: B023 - removed before the next iteration

        with store.session() as session:
            run_id = start_run(session, started_at=at(day), holder="test:1")
            event.listen(store.engine, "before_cursor_execute", count)
            record_site(session, run_id, site(columns(day)), observed_at=at(day))
            session.flush()
            event.remove(store.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    with store.session() as session:
        timeline = item_timeline(session, unit_id="hbfj", column_url=f"{HOME}c39/")
    assert len(timeline) == 20
    redated = next(entry for entry in timeline if entry.url.endswith("/n0.html"))
    assert redated.published == date(2018, 9, 2) and len(redated.changes) == 1
    assert max(counts) <= 10, f"statements per recording of 40 columns: {counts}"
