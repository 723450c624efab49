"""When a crawl keeps a column's snapshot: overdue on the crawl day, once per overdue spell."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from freshwatch import storage
from freshwatch.app.crawl_job import record_crawled_site
from freshwatch.app.snapshots import SnapshotPolicy, keep_overdue_snapshots
from freshwatch.crawler.types import ColumnObservation, SiteCrawl
from freshwatch.storage import Store
from tests.scoring.helpers import DEMO
from tests.storage.factories import NEWS, at, column, item, site

PAGE = '<ul><li><a href="/gzdt/1.html" onclick="steal()">旧闻</a></li></ul><script>steal()</script>'


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = storage.open_store(storage.sqlite_url(tmp_path / "snapshots.db"))
    yield opened
    opened.dispose()


def _news(latest: str, *newer: str) -> ColumnObservation:
    observed = column([item(f"gzdt/{n}.html", day) for n, day in enumerate((latest, *newer))])
    return replace(observed, fetch=replace(observed.fetch, text=PAGE))


def _crawl(store: Store, crawled: SiteCrawl, day: str) -> int:
    moment = at(day)
    with store.session() as session:
        run_id = storage.start_run(session, started_at=moment, kind="crawl", units=[], holder="test:1")
    with store.session() as session:
        record_crawled_site(session, run_id, crawled, moment)
        policy = SnapshotPolicy(DEMO, ZoneInfo("Asia/Shanghai"), date.fromisoformat(day))
        return keep_overdue_snapshots(session, crawled, policy, moment)


def test_an_overdue_column_keeps_its_page_sanitised(store: Store) -> None:
    kept = _crawl(store, site([_news("2018-12-01")]), "2018-12-31")
    with store.session() as session:
        found = storage.latest_snapshot(session, unit_id="hbfj", column_url=NEWS)
    assert kept == 1
    assert found is not None and "旧闻" in found.html
    assert "<script" not in found.html and "onclick" not in found.html


def test_a_column_on_time_keeps_nothing(store: Store) -> None:
    assert _crawl(store, site([_news("2018-12-25")]), "2018-12-31") == 0


def test_one_snapshot_per_overdue_spell(store: Store) -> None:
    first = _crawl(store, site([_news("2018-12-01")]), "2018-12-30")
    same_spell = _crawl(store, site([_news("2018-12-01")]), "2018-12-31")
    assert (first, same_spell) == (1, 0)


def test_an_update_ends_the_spell_and_the_next_spell_keeps_a_new_page(store: Store) -> None:
    first = _crawl(store, site([_news("2018-12-01")]), "2018-12-31")
    next_spell = _crawl(store, site([_news("2018-12-01", "2019-01-05")]), "2019-02-01")
    with store.session() as session:
        found = storage.latest_snapshot(session, unit_id="hbfj", column_url=NEWS)
    assert (first, next_spell) == (1, 1)
    assert found is not None and found.taken_at == at("2019-02-01")
