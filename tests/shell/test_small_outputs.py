"""Small things a clerk sees: probe prints a table, the demo's hints are commands that run here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from freshwatch.cli.demo import program_path
from tests.crawler.server import MockServer, Reply, html
from tests.shell.conftest import run_cli


def test_probe_prints_a_table_like_every_other_command(tmp_path: Path) -> None:
    with MockServer({"/": Reply(200, html("<p>首页</p>"))}) as server:
        config = tmp_path / "freshwatch.yaml"
        config.write_text(
            f"units:\n  - id: hbfj\n    name: 区环保分局\n    sites:\n      - home: {server.url('/')}\n",
            encoding="utf-8",
        )
        args = ["--config", str(config), "--db", f"sqlite:///{tmp_path / 'fw.db'}"]
        assert run_cli(*args, "init").code == 0
        ran = run_cli(*args, "probe")
    assert ran.code == 0, ran.err
    assert "首页可用性探测（1 个站点，0 个不可访问）" in ran.out
    assert "区环保分局" in ran.out and "可访问" in ran.out and "\t" not in ran.out


def test_the_demo_hints_name_the_venv_script_when_freshwatch_is_not_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no freshwatch here
    monkeypatch.chdir(Path(sys.executable).parent.parent.parent)  # the folder holding .venv
    assert program_path() == str(Path(sys.executable).parent.relative_to(Path.cwd()) / "freshwatch")
    script = tmp_path / "freshwatch"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    assert program_path() == "freshwatch"
