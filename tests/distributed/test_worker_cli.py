"""``freshwatch worker`` refuses what can't work across machines, before it touches the broker."""

from __future__ import annotations

from pathlib import Path

import pytest

from freshwatch.cli.main import main


def _config(tmp_path: Path, executor: str) -> str:
    path = tmp_path / "freshwatch.yaml"
    path.write_text(f"units: []\nexecutor: {executor}\n", "utf-8")
    return str(path)


def test_a_worker_refuses_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, '{kind: celery, broker: "amqp://127.0.0.1:5672//"}')
    code = main(["--config", config, "--db", f"sqlite:///{tmp_path / 'local.db'}", "worker"])
    assert code == 2
    assert "不能使用 SQLite" in capsys.readouterr().err


def test_a_worker_needs_the_celery_executor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--config", _config(tmp_path, "{kind: local}"), "worker"])
    assert code == 2
    assert "kind: celery" in capsys.readouterr().err


def test_celery_without_a_broker_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", _config(tmp_path, "{kind: celery}"), "status"])
    assert code == 2
    err = capsys.readouterr().err
    assert "executor" in err and "amqp://" in err
