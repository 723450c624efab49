"""Read commands never create a database; only crawl, daemon, demo and init do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.shell.conftest import run_cli

ONE_UNIT = """\
units:
  - id: hbfj
    name: 区环保分局
    sites:
      - home: http://127.0.0.1:9/
        columns:
          - {name: 工作动态, url: http://127.0.0.1:9/gzdt/, category: news}
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("FRESHWATCH_CONFIG", "FRESHWATCH_DB"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "freshwatch.yaml").write_text(ONE_UNIT, encoding="utf-8")
    return tmp_path


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["links"],
        ["score", "--quarter", "2018Q4"],
        ["health"],
        ["deductions", "list"],
        ["deduct", "--unit", "hbfj", "--points", "1", "--date", "2018-11-20", "--reason", "稿件不规范"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_mistyped_sqlite_path_is_named_and_nothing_is_created(here: Path, argv: list[str]) -> None:
    ran = run_cli("--db", "sqlite:///dat/freshwacth.db", *argv)
    assert ran.code == 2
    assert f"数据库文件不存在：{here / 'dat' / 'freshwacth.db'}" in ran.err
    assert _files(here) == ["freshwatch.yaml"]  # no folder, no file, no empty freshwatch.db


def test_a_failing_command_leaves_no_default_database_behind(here: Path) -> None:
    ran = run_cli("status")
    assert ran.code == 2 and "freshwatch.db" in ran.err
    assert _files(here) == ["freshwatch.yaml"]


def test_init_creates_the_database_and_then_every_column_is_unchecked(here: Path) -> None:
    made = run_cli("init")
    assert made.code == 0, made.err
    assert "数据库已就绪：sqlite:///freshwatch.db" in made.err
    status = run_cli("status", "--as-of", "2018-12-31")
    assert status.code == 0, status.err
    assert status.out.count("未检查") == 2 and "未注明日期" not in status.out  # home page + 工作动态


def test_a_sqlite_file_of_another_program_is_refused(here: Path) -> None:
    with sqlite3.connect(here / "other.db") as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    connection.close()
    for argv in (["init"], ["status"]):
        ran = run_cli("--db", "sqlite:///other.db", *argv)
        assert ran.code == 2 and "不是 freshwatch 的数据库" in ran.err and "customers" in ran.err
    with sqlite3.connect(here / "other.db") as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    connection.close()
    assert tables == ["customers"]


def test_a_postgresql_admin_database_is_refused(here: Path) -> None:
    ran = run_cli("--db", "postgresql://postgres@127.0.0.1:5432/postgres", "init")
    assert ran.code == 2 and "PostgreSQL 的系统数据库" in ran.err


def test_a_bad_database_url_says_what_is_allowed_in_chinese(here: Path) -> None:
    ran = run_cli("--db", "sqlite:/nope", "status")
    assert ran.code == 2 and "应为 sqlite:///路径" in ran.err
    assert "SQLAlchemy" not in ran.err and "Could not" not in ran.err
