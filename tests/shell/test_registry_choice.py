"""Which registry a command reads, said on stderr; a config file and a database that disagree are refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.shell.conftest import Ran, run_cli

ONE_UNIT = """\
units:
  - id: hbfj
    name: 区环保分局
    sites:
      - home: http://127.0.0.1:9/
"""


@pytest.fixture
def one_unit_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-unit freshwatch.yaml in the current folder, beside the demo database."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRESHWATCH_CONFIG", raising=False)
    monkeypatch.delenv("FRESHWATCH_DB", raising=False)
    path = tmp_path / "freshwatch.yaml"
    path.write_text(ONE_UNIT, encoding="utf-8")
    return path


def _units(ran: Ran) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(ran.out))][1:]


def test_a_config_file_that_disagrees_with_the_database_is_refused(
    demo_db: tuple[str, Ran], one_unit_here: Path
) -> None:
    ran = run_cli("--db", demo_db[0], "score", "--quarter", "2018Q4", "--format", "csv")
    assert ran.code == 2 and ran.out == ""
    assert "单位名录不一致" in ran.err and "有 1 个单位" in ran.err and "有 28 个单位" in ran.err
    assert "--registry config" in ran.err and "--registry db" in ran.err


def test_registry_db_reads_the_databases_units_and_says_so(
    demo_db: tuple[str, Ran], one_unit_here: Path
) -> None:
    ran = run_cli("--db", demo_db[0], "--registry", "db", "score", "--quarter", "2018Q4", "--format", "csv")
    assert ran.code == 0, ran.err
    assert len(_units(ran)) == 28
    assert ran.err.startswith("单位名录：来自数据库记录的最近一次监测")


def test_registry_config_reads_the_files_units_and_says_so(
    demo_db: tuple[str, Ran], one_unit_here: Path
) -> None:
    ran = run_cli(
        "--db", demo_db[0], "--registry", "config", "score", "--quarter", "2018Q4", "--format", "csv"
    )
    assert ran.code == 0, ran.err
    assert _units(ran) == ["区环保分局"]
    assert ran.err.startswith("单位名录：来自配置文件 freshwatch.yaml（1 个单位")


def test_without_a_config_file_the_recorded_registry_is_used_and_named(
    demo_db: tuple[str, Ran], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRESHWATCH_CONFIG", raising=False)
    ran = run_cli("--db", demo_db[0], "links", "--json")
    assert ran.code == 0, ran.err
    assert "单位名录：来自数据库记录的最近一次监测" in ran.err and "28 个单位，规则 demo" in ran.err


def test_registry_config_without_a_file_names_the_missing_file(
    demo_db: tuple[str, Ran], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRESHWATCH_CONFIG", raising=False)
    ran = run_cli("--db", demo_db[0], "--registry", "config", "status")
    assert ran.code == 2 and "freshwatch.yaml" in ran.err
