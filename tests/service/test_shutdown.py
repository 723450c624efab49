"""SIGTERM to a daemon process mid-crawl: exit 0, run marked interrupted, nothing lost, no digest twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from freshwatch import storage
from freshwatch.app.clock import local_today
from freshwatch.app.crawl_job import run_crawl
from freshwatch.storage import Store
from freshwatch.storage.models import CrawlRun, JobRun, Observation
from tests.service.conftest import BOTH_STORES
from tests.service.farm import Farm
from tests.service.sinks import SmtpSink
from tests.service.test_daemon import farm_config

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.anyio]


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.1)


def _start(config_file: Path, db_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.service.daemon_main", str(config_file), db_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _stop(process: subprocess.Popen[str], *, within: float = 15) -> tuple[int, list[dict[str, object]]]:
    """SIGTERM, then the exit code and the JSON log; a running fetch may take its timeout (3 s) to end."""
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < within, "shutdown took too long"
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert lines, stderr
    return process.returncode, lines


def _scalar(store: Store, query: Any) -> int:
    with store.session() as session:
        return int(session.scalar(query) or 0)


def _runs(store: Store) -> list[tuple[int, str]]:
    with store.session() as session:
        return [(r.id, r.status) for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]


@BOTH_STORES
async def test_sigterm_mid_crawl_exits_0_keeps_what_was_fetched_and_a_restart_sends_nothing_twice(
    db_url: str, store: Store, tmp_path: Path, smtp_sink: SmtpSink
) -> None:
    farm = Farm(local_today(None)).start()
    try:
        schedule = {"crawl": "every 2s", "probe": "every 1h", "digest": "every 1s"}
        cfg = farm_config(farm, smtp_sink, schedule=schedule)
        await run_crawl(cfg, store)  # yesterday's crawl, so the first digest has news
        config_file = tmp_path / "freshwatch.yaml"
        config_file.write_text(
            yaml.safe_dump(cfg.model_dump(mode="json", by_alias=True, exclude={"source"}), allow_unicode=True)
        )
        farm.slow_seconds = 20  # the daemon's crawl will hang on 区教育局's list page
        first = _start(config_file, db_url)
        _wait(lambda: len(smtp_sink.to("web@hbfj.example")) == 1, 20, "first digest")
        _wait(lambda: any(status == "running" for _, status in _runs(store)), 20, "daemon crawl started")
        _wait(lambda: farm.hits.count("/b/gzdt/") >= 2, 20, "slow page requested")
        code, logs = _stop(first)
        assert code == 0
        assert any(entry["msg"] == "daemon stopped" for entry in logs)
        assert all({"ts", "level", "logger", "msg"} <= set(entry) for entry in logs)
        (_, pre), (interrupted_id, status) = _runs(store)
        assert (pre, status) == ("complete", "interrupted")
        observed = select(func.count()).select_from(Observation).where(Observation.run_id == interrupted_id)
        assert (
            _scalar(store, observed.where(Observation.unit_id == "hbfj")) == 3
        )  # home + 2 columns of the fast site
        failed_crawl = (
            select(func.count()).select_from(JobRun).where(JobRun.job == "crawl", JobRun.ok.is_(False))
        )
        assert _scalar(store, failed_crawl) == 1
        digests_before = _scalar(
            store, select(func.count()).select_from(JobRun).where(JobRun.job == "digest")
        )

        farm.slow_seconds = 0
        second = _start(config_file, db_url)
        _wait(lambda: _runs(store)[-1][1] == "complete" and len(_runs(store)) == 3, 20, "restarted crawl")
        digests = select(func.count()).select_from(JobRun).where(JobRun.job == "digest")
        _wait(lambda: _scalar(store, digests) >= digests_before + 2, 20, "digests after restart")
        code, _ = _stop(second)
        assert code == 0
        assert len(smtp_sink.to("web@hbfj.example")) == 1
        assert len(smtp_sink.to("jgk@office.example")) == 1
        with store.session() as session:
            assert storage.failed_sends(session) == []
    finally:
        farm.stop()
