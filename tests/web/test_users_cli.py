"""``freshwatch users``: passwords from the environment or stdin, never argv; roles checked."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from freshwatch import storage
from freshwatch.app.accounts import password_matches
from tests.shell.conftest import run_cli
from tests.web.conftest import Demo, copy_demo


@pytest.fixture(scope="module")
def db(console_demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_demo(console_demo, tmp_path_factory.mktemp("users"))


def _account(db: str, name: str) -> storage.AccountRecord:
    store = storage.open_store(db)
    with store.session() as session:
        found = storage.find_user(session, name)
    store.dispose()
    assert found is not None
    return found


def test_a_unit_account_takes_its_password_from_the_environment(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRESHWATCH_PASSWORD", "clerk-password-1")
    ran = run_cli("--db", db, "users", "add", "shswj", "--role", "unit", "--unit", "shswj")
    assert ran.code == 0, ran.err
    account = _account(db, "shswj")
    assert (account.role, account.unit_id) == ("unit", "shswj")
    assert password_matches(account.password_hash, "clerk-password-1")


def test_a_unit_account_needs_a_known_unit(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRESHWATCH_PASSWORD", "clerk-password-1")
    ran = run_cli("--db", db, "users", "add", "ghost", "--role", "unit", "--unit", "nosuch")
    assert ran.code == 2 and "未知单位" in ran.err


def test_passwd_reads_a_new_password_from_stdin(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRESHWATCH_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-new-password-2\n"))
    ran = run_cli("--db", db, "users", "passwd", "office")
    assert ran.code == 0, ran.err
    assert password_matches(_account(db, "office").password_hash, "a-new-password-2")


def test_disable_marks_the_account_and_list_shows_it(db: str) -> None:
    assert run_cli("--db", db, "users", "disable", "gtzyfj").code == 0
    assert _account(db, "gtzyfj").disabled
    assert "已停用" in run_cli("--db", db, "users", "list").out


def test_the_cli_loads_no_web_stack() -> None:
    """A crawl starts through the same CLI module: Starlette, Jinja2, uvicorn and argon2 stay unloaded."""
    code = (
        "import sys, freshwatch.cli.main; "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('starlette', 'jinja2', 'uvicorn', 'argon2') "
        "or m.startswith('freshwatch.web')]; print(loaded); sys.exit(1 if loaded else 0)"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stdout
