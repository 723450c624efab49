"""One demo run per test session: the demo database every shell test reads."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from freshwatch.cli.main import main


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Ran]]:
    folder: Path = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'freshwatch-demo.db'}"
    ran = run_cli("demo", "--db", url)
    yield url, ran


@pytest.fixture
def demo_copy(demo_db: tuple[str, Ran], tmp_path: Path) -> str:
    """A private copy of the demo database, for tests that change it (deduct, import, freeze)."""
    import shutil
    import sqlite3

    url, _ = demo_db
    source = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    target = tmp_path / "demo-copy.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"
