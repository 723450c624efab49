"""The console's tests share one demo database per session (built once, ~10 s); each module that
changes data works on its own copy.  Accounts: the demo's office and hbfj accounts (passwords read
from the demo's stderr), plus two unit accounts made here: gtzyfj (another unit with a manual
deduction) and hnkjy (a unit with broken links)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from freshwatch import storage
from freshwatch.app.accounts import hash_password
from freshwatch.app.context import App
from freshwatch.web.server import create_app
from tests.shell.conftest import run_cli

OTHER_PASSWORD = "other-unit-password"
HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


@dataclass(frozen=True)
class Demo:
    url: str
    passwords: dict[str, str]  # account name -> password


@pytest.fixture(scope="session")
def console_demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder: Path = tmp_path_factory.mktemp("console-demo")
    url = f"sqlite:///{folder / 'freshwatch-demo.db'}"
    ran = run_cli("demo", "--db", url)
    assert ran.code == 0, ran.err
    passwords = dict(re.findall(r"账号 (\S+)，密码 (\S+)（只显示这一次）", ran.err))
    store = storage.open_store(url)
    with store.session() as session:
        for name in ("gtzyfj", "hnkjy"):
            storage.add_user(
                session,
                name=name,
                role="unit",
                unit_id=name,
                password_hash=hash_password(OTHER_PASSWORD),
                at=datetime.now(UTC),
            )
    store.dispose()
    with sqlite3.connect(folder / "freshwatch-demo.db") as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return Demo(url, passwords | {"gtzyfj": OTHER_PASSWORD, "hnkjy": OTHER_PASSWORD})


def copy_demo(demo: Demo, folder: Path) -> str:
    source = Path(demo.url.removeprefix("sqlite:///"))
    target = folder / "demo-copy.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def module_db(console_demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_demo(console_demo, tmp_path_factory.mktemp("console-copy"))


@pytest.fixture(scope="module")
def console_app(module_db: str) -> Iterator[App]:
    app = App(db_url=module_db)
    yield app
    app.close()


def login(client: TestClient, name: str, password: str) -> TestClient:
    page = client.get("/login")
    nonce = re.search(r'name="csrf_login" value="([^"]+)"', page.text)
    assert nonce is not None
    answer = client.post(
        "/login", data={"name": name, "password": password, "csrf_login": nonce.group(1), "next": "/"}
    )
    assert answer.status_code == 303, answer.text
    return client


def csrf_of(client: TestClient, path: str = "/deductions") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def clients(console_app: App, console_demo: Demo) -> Iterator[dict[str, TestClient]]:
    """One signed-in client per viewer, and one with no session."""
    asgi = create_app(console_app)
    made = {
        "office": login(TestClient(asgi, follow_redirects=False), "office", console_demo.passwords["office"]),
        "own": login(TestClient(asgi, follow_redirects=False), "hbfj", console_demo.passwords["hbfj"]),
        "other": login(TestClient(asgi, follow_redirects=False), "gtzyfj", OTHER_PASSWORD),
        "none": TestClient(asgi, follow_redirects=False),
    }
    yield made
    for client in made.values():
        client.close()
