"""Exit codes follow what happened: a digest whose sends all failed, a daemon that was stopped."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.service import scenario
from tests.service.sinks import SmtpSink
from tests.shell.conftest import run_cli


def _config_file(folder: Path, **extra: object) -> Path:
    cfg = scenario.config(**extra)  # type: ignore[arg-type]
    path = folder / "freshwatch.yaml"
    path.write_text(
        yaml.safe_dump(cfg.model_dump(mode="json", by_alias=True, exclude_none=True), allow_unicode=True),
        encoding="utf-8",
    )
    return path


def _seeded(folder: Path) -> str:
    from freshwatch import storage

    url = f"sqlite:///{folder / 'fw.db'}"
    store = storage.open_store(url)
    try:
        scenario.crawl_into(store, scenario.config(), at=scenario.local(scenario.DAY, 2))
    finally:
        store.dispose()
    return url


def test_a_digest_whose_sends_all_fail_exits_1(tmp_path: Path) -> None:
    closed_port = 9  # nothing listens on 127.0.0.1:9: every e-mail fails to connect
    config_file = _config_file(tmp_path, smtp_port=closed_port)
    url = _seeded(tmp_path)
    ran = run_cli("--config", str(config_file), "--db", url, "digest", "--date", scenario.DAY.isoformat())
    assert ran.code == 1
    assert "已发送 0" in ran.err and "条消息发送失败" in ran.err
    health = run_cli("--config", str(config_file), "--db", url, "health", "--json")
    assert health.code == 1 and "发送失败" in json.loads(health.out)["problems"][-1]


def test_a_digest_that_sent_everything_exits_0(tmp_path: Path, smtp_sink: SmtpSink) -> None:
    config_file = _config_file(tmp_path, smtp_port=smtp_sink.port)
    url = _seeded(tmp_path)
    ran = run_cli("--config", str(config_file), "--db", url, "digest", "--date", scenario.DAY.isoformat())
    assert ran.code == 0, ran.err
    assert "失败 0" in ran.err


@pytest.mark.slow
def test_health_says_a_stopped_daemon_is_not_running_and_exits_1(tmp_path: Path) -> None:
    schedule = {"crawl": "every 1h", "probe": "every 1h", "digest": "every 1h"}
    config_file = _config_file(tmp_path, schedule=schedule)
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    args = ["--config", str(config_file), "--db", url]
    daemon = subprocess.Popen(
        [sys.executable, "-m", "freshwatch.cli.main", *args, "daemon"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if (tmp_path / "fw.db").exists():
                health = run_cli(*args, "health", "--json")
                if health.out and json.loads(health.out)["daemon"]["running"]:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("the daemon never reported a heartbeat")
        assert health.code == 0, health.out
    finally:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=20) == 0, daemon.stderr.read() if daemon.stderr else ""
    stopped = run_cli(*args, "health")
    assert stopped.code == 1
    assert "守护进程：未在运行" in stopped.out and stopped.out.rstrip().endswith("结论：守护进程未在运行。")
