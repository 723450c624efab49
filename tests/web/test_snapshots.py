"""The snapshot of an overdue column, from the demo's crawl to the 栏目 page.

The demo crawls on 2018-12-31, when 区环保分局's 规划计划 column is overdue: the crawl keeps its list
page, sanitised, and the column page shows it in a frame sandboxed with no allowances.
"""

from __future__ import annotations

import html
import re

import pytest
from selectolax.lexbor import LexborHTMLParser
from sqlalchemy import select
from starlette.testclient import TestClient

from freshwatch import storage
from freshwatch.app.context import App
from freshwatch.storage.models import SnapshotRow

UNIT = "hbfj"


@pytest.fixture(scope="module")
def snapshot(console_app: App) -> storage.Snapshot:
    with console_app.store().session() as session:
        urls = session.scalars(select(SnapshotRow.column_url).where(SnapshotRow.unit_id == UNIT)).all()
        assert [u.rsplit("/", 2)[-2] for u in urls] == ["ghjh"]
        found = storage.latest_snapshot(session, unit_id=UNIT, column_url=urls[0])
    assert found is not None
    return found


def test_the_demo_crawl_keeps_only_the_overdue_column_once(console_app: App) -> None:
    with console_app.store().session() as session:
        kept = session.scalars(select(SnapshotRow.unit_id)).all()
    assert list(kept) == [UNIT]


def test_the_kept_page_has_its_list_and_nothing_that_acts(snapshot: storage.Snapshot) -> None:
    tree = LexborHTMLParser(snapshot.html)
    names = {name.lower() for node in tree.css("*") for name in node.attributes}
    assert snapshot.reason == "overdue"
    assert "规划计划" in snapshot.html
    assert tree.css("script") == []
    assert not [n for n in names if n.startswith("on")]


def _frame(client: TestClient, url: str) -> tuple[int, str]:
    answer = client.get(f"/unit/{UNIT}/column", params={"url": url})
    return answer.status_code, answer.text


@pytest.mark.parametrize("viewer", ["office", "own"])
def test_the_column_page_shows_the_snapshot_sandboxed(
    clients: dict[str, TestClient], snapshot: storage.Snapshot, viewer: str
) -> None:
    status, text = _frame(clients[viewer], snapshot.column_url)
    frame = re.search(r'<iframe class="snapshot" sandbox="" srcdoc="([^"]*)"', text)
    assert status == 200
    assert "预警时的页面快照（" in text
    assert frame is not None and html.unescape(frame.group(1)) == snapshot.html


def test_another_units_account_is_refused_the_snapshot(
    clients: dict[str, TestClient], snapshot: storage.Snapshot
) -> None:
    status, text = _frame(clients["other"], snapshot.column_url)
    assert status == 403
    assert "srcdoc" not in text


def test_a_column_without_a_snapshot_says_so(
    clients: dict[str, TestClient], snapshot: storage.Snapshot
) -> None:
    home = snapshot.column_url.rsplit("/", 2)[0] + "/"
    status, text = _frame(clients["office"], home)
    assert status == 200
    assert "暂无快照" in text and "srcdoc" not in text
