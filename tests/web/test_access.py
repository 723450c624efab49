"""Every route x {office, unit of that unit, unit of another unit, no session}.

The unit in the URL is hbfj; "own" is hbfj's account, "other" is gtzyfj's.  Actions are sent with
an incomplete form: a viewer who passes the guard gets 400 (the form is refused), one who does not
gets 403, so no test here changes data.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import csrf_of

UNIT = "hbfj"
UNIT_NAME = "区环保分局"

OK, DENIED, LOGIN, HOME = 200, 403, 303, "own-unit"

# path, office, own unit, other unit (no session always goes to the login page)
PAGES = [
    ("/", OK, HOME, HOME),
    (f"/unit/{UNIT}", OK, OK, DENIED),
    (f"/unit/{UNIT}?quarter=2018Q3", OK, OK, DENIED),
    (f"/unit/{UNIT}/column?url=__HOME__", OK, OK, DENIED),
    ("/warnings", OK, OK, OK),
    ("/links", OK, OK, OK),
    ("/deductions", OK, OK, OK),
    ("/reports", OK, DENIED, DENIED),
    ("/reports/download?quarter=2018Q4&format=csv", OK, DENIED, DENIED),
    ("/runs", OK, DENIED, DENIED),
    ("/audit", OK, DENIED, DENIED),
]

# path, form, office, own unit, other unit
ACTIONS = [
    (f"/unit/{UNIT}/rectify", {"kind": "link", "target": ""}, 400, 400, DENIED),
    (f"/unit/{UNIT}/dispute", {"entry_id": "x"}, 400, 400, DENIED),
    ("/disputes/1/decide", {}, 400, DENIED, DENIED),
    ("/deductions/book", {"unit": UNIT}, 400, DENIED, DENIED),
    ("/deductions/import", {}, 400, DENIED, DENIED),
    ("/deductions/1/withdraw", {}, 400, DENIED, DENIED),
    ("/reports/freeze", {"quarter": "bad"}, 400, DENIED, DENIED),
    ("/runs/crawl", {"unit": ""}, 400, DENIED, DENIED),
]


def _home_url(clients: dict[str, TestClient]) -> str:
    from re import search

    found = search(r'href="/unit/hbfj/column\?url=([^"]+)"', clients["office"].get(f"/unit/{UNIT}").text)
    assert found is not None
    return found.group(1)


def _expect(client: TestClient, path: str, expected: object, viewer: str) -> None:
    answer = client.get(path)
    if expected == HOME:
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/unit/{'hbfj' if viewer == 'own' else 'gtzyfj'}"
    else:
        assert answer.status_code == expected, (viewer, path, answer.text[:500])


@pytest.mark.parametrize(("path", "office", "own", "other"), PAGES, ids=[p[0] for p in PAGES])
def test_page_access(
    clients: dict[str, TestClient], path: str, office: object, own: object, other: object
) -> None:
    path = path.replace("__HOME__", _home_url(clients))
    for viewer, expected in (("office", office), ("own", own), ("other", other)):
        _expect(clients[viewer], path, expected, viewer)
    answer = clients["none"].get(path)
    assert answer.status_code == LOGIN and answer.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize(("path", "form", "office", "own", "other"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_action_access(
    clients: dict[str, TestClient], path: str, form: dict[str, str], office: int, own: int, other: int
) -> None:
    for viewer, expected in (("office", office), ("own", own), ("other", other)):
        client = clients[viewer]
        answer = client.post(path, data={**form, "csrf": csrf_of(client)})
        assert answer.status_code == expected, (viewer, path, answer.text[:500])
    assert clients["none"].post(path, data=form).status_code == DENIED


@pytest.mark.parametrize("path", ["/warnings", "/links", "/deductions"])
def test_a_unit_list_shows_only_its_own_unit(clients: dict[str, TestClient], path: str) -> None:
    assert UNIT_NAME not in clients["other"].get(path).text
    assert "国土资源分局" in clients["other"].get("/deductions").text or path != "/deductions"


def test_the_office_lists_every_unit(clients: dict[str, TestClient]) -> None:
    assert UNIT_NAME in clients["office"].get("/deductions").text


def test_a_unit_cannot_dispute_another_units_deduction_by_its_id(clients: dict[str, TestClient]) -> None:
    """gtzyfj's account sends hbfj's entry id through its own unit's form: refused by the data."""
    office_page = clients["office"].get("/deductions").text
    from re import search

    entry = search(r'<tr data-entry="(\d+)"><td>#\d+</td><td>区环保分局', office_page)
    assert entry is not None
    other = clients["other"]
    answer = other.post(
        "/unit/gtzyfj/dispute",
        data={"entry_id": entry.group(1), "reason": "不是我们的", "csrf": csrf_of(other)},
    )
    assert answer.status_code == 400 and "没有本单位编号为" in answer.text
