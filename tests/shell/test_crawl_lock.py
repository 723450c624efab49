"""A crawl killed with kill -9 leaves no lock behind that stops the next one (issue 12)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from freshwatch import storage
from freshwatch.app import crawl_job
from freshwatch.storage import Store
from tests.crawler.server import MockServer, Reply, html
from tests.shell.conftest import run_cli

CRAWL = "from freshwatch.cli.main import main; import sys; sys.exit(main(sys.argv[1:]))"


def _config(tmp_path: Path, server: MockServer) -> Path:
    path = tmp_path / "freshwatch.yaml"
    path.write_text(
        "units:\n  - id: a\n    name: 甲单位\n    sites:\n"
        f"      - home: {server.url('/')}\n        columns:\n"
        f"          - {{name: 工作动态, url: {server.url('/gzdt/')}, category: news}}\n"
        "crawl: {timeout: 60, request_deadline: 120, retries: 0}\n",
        encoding="utf-8",
    )
    return path


def _wait_for_running_crawl(store: Store, seconds: float = 60) -> storage.LockInfo:
    """The lock, once the crawl holding it has also recorded its run (it is then mid-crawl)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with store.session() as session:
            lock = storage.current_lock(session, crawl_job.CRAWL_LOCK, now=datetime.now(UTC))
            running = storage.latest_runs(session, limit=1)
        if lock is not None and running:
            return lock
        time.sleep(0.1)
    raise AssertionError("the crawl never started")


@pytest.mark.slow
def test_the_next_crawl_takes_over_the_lock_of_a_crawl_killed_with_kill_9(tmp_path: Path) -> None:
    slow = {"/": Reply(200, html("<p>首页</p>"), delay=30), "/gzdt/": Reply(200, html("<p>列表</p>"))}
    with MockServer(slow) as server:
        config = _config(tmp_path, server)
        db = f"sqlite:///{tmp_path / 'fw.db'}"
        first = subprocess.Popen([sys.executable, "-c", CRAWL, "--config", str(config), "--db", db, "crawl"])
        store = storage.open_store(db)
        lock = _wait_for_running_crawl(store)
        assert lock.holder.endswith(f":{first.pid}")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        server.routes["/"] = Reply(200, html("<p>首页</p>"))
        ran = run_cli("--config", str(config), "--db", db, "crawl", "--json")
    assert ran.code == 0, ran.err
    with store.session() as session:
        runs = storage.latest_runs(session, limit=2)
    assert sorted(run.status.value for run in runs) == ["complete", "incomplete"]


def test_a_live_holder_is_named_with_its_expiry(tmp_path: Path) -> None:
    store = storage.open_store(f"sqlite:///{tmp_path / 'fw.db'}")
    now = datetime.now(UTC)
    holder = f"{os.uname().nodename}:{os.getppid()}"  # a process that exists: our parent
    with store.session() as session:
        assert storage.acquire_lock(session, crawl_job.CRAWL_LOCK, holder, now=now, ttl=timedelta(minutes=10))
    with pytest.raises(crawl_job.CrawlLockedError) as refused, store.session() as session:
        crawl_job._take_over_or_refuse(session, "me:1", timedelta(minutes=10), now)
    assert holder in str(refused.value) and "锁到期" in str(refused.value)
