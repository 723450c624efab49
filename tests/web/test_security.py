"""CSRF, the login limit, session cookies, and hostile text shown as text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from starlette.testclient import TestClient

from freshwatch import storage
from freshwatch.app.context import App
from freshwatch.web.server import create_app
from tests.web.conftest import HOSTILE, OTHER_PASSWORD, Demo, csrf_of, login


def test_a_form_without_the_session_csrf_token_changes_nothing(clients: dict[str, TestClient]) -> None:
    office = clients["office"]
    before = office.get("/deductions").text.count('data-entry="')
    form = {"unit": "hbfj", "day": "2018-12-20", "points": "1", "reason": "CSRF 测试", "csrf": "forged"}
    answer = office.post("/deductions/book", data=form)
    assert answer.status_code == 403 and "CSRF" in answer.text
    assert office.get("/deductions").text.count('data-entry="') == before


def test_the_login_form_needs_its_own_csrf_nonce(console_app: App, console_demo: Demo) -> None:
    client = TestClient(create_app(console_app), follow_redirects=False)
    client.get("/login")
    form = {"name": "office", "password": console_demo.passwords["office"], "csrf_login": "forged"}
    answer = client.post("/login", data=form)
    assert answer.status_code == 403 and "fw_session" not in answer.headers.get("set-cookie", "")


def test_login_attempts_are_limited_even_for_the_right_password(console_app: App) -> None:
    client = TestClient(create_app(console_app), follow_redirects=False)
    nonce = re.search(r'name="csrf_login" value="([^"]+)"', client.get("/login").text)
    assert nonce is not None
    attempts = console_app.config().web.login_attempts
    for _ in range(attempts):
        wrong = {"name": "gtzyfj", "password": "wrong-password", "csrf_login": nonce.group(1)}
        assert client.post("/login", data=wrong).status_code == 401
    right = {"name": "gtzyfj", "password": OTHER_PASSWORD, "csrf_login": nonce.group(1)}
    assert client.post("/login", data=right).status_code == 429


def test_the_session_cookie_is_httponly_and_samesite(console_app: App, console_demo: Demo) -> None:
    client = TestClient(create_app(console_app), follow_redirects=False)
    nonce = re.search(r'name="csrf_login" value="([^"]+)"', client.get("/login").text)
    assert nonce is not None
    form = {"name": "office", "password": console_demo.passwords["office"], "csrf_login": nonce.group(1)}
    cookie = client.post("/login", data=form).headers["set-cookie"]
    assert "fw_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_the_session_cookie_is_secure_over_https(console_app: App, console_demo: Demo) -> None:
    client = TestClient(create_app(console_app), base_url="https://console.test", follow_redirects=False)
    nonce = re.search(r'name="csrf_login" value="([^"]+)"', client.get("/login").text)
    assert nonce is not None
    form = {"name": "office", "password": console_demo.passwords["office"], "csrf_login": nonce.group(1)}
    assert "Secure" in client.post("/login", data=form).headers["set-cookie"]


def test_a_disabled_account_is_signed_out(console_app: App, console_demo: Demo) -> None:
    client = login(TestClient(create_app(console_app), follow_redirects=False), "hnkjy", OTHER_PASSWORD)
    assert client.get("/unit/hnkjy").status_code == 200
    with console_app.store().session() as session:
        storage.set_disabled(session, "hnkjy", disabled=True)
    assert client.get("/unit/hnkjy").status_code == 303
    with console_app.store().session() as session:
        storage.set_disabled(session, "hnkjy", disabled=False)


def test_hostile_text_is_shown_as_text_everywhere(console_app: App, clients: dict[str, TestClient]) -> None:
    """A crawled title, a deduction reason and a unit's note, each carrying markup, come out escaped."""
    office = clients["office"]
    column = re.search(r'href="/unit/hbfj/column\?url=([^"]+)">规划计划', office.get("/unit/hbfj").text)
    assert column is not None
    from urllib.parse import unquote

    column_url = unquote(column.group(1))
    now = datetime.now(UTC)
    with console_app.store().session() as session:
        session.execute(
            storage.models.table_of(storage.models.Item).insert(),
            [
                {
                    "unit_id": "hbfj",
                    "column_url": column_url,
                    "url": "http://127.0.0.1/hostile.html",
                    "title": HOSTILE,
                    "published": date(2016, 1, 1),
                    "date_source": "list",
                    "date_text": HOSTILE,
                    "first_seen": now,
                    "last_seen": now,
                }
            ],
        )
        storage.add_manual(
            session,
            unit_id="hbfj",
            day=date(2018, 12, 20),
            points=0.5,
            column="政务公开科日常监测",
            reason=HOSTILE,
            at=now,
        )
    own = clients["own"]
    own.post(
        "/unit/hbfj/rectify",
        data={"kind": "column", "target": column_url, "note": HOSTILE, "csrf": csrf_of(own)},
    )
    pages = [
        f"/unit/hbfj/column?url={column.group(1)}",
        "/unit/hbfj?quarter=2018Q4",
        "/deductions?quarter=2018Q4",
    ]
    for path in pages:
        body = office.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert "&lt;script&gt;alert" in body, path
