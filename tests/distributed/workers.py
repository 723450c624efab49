"""Real ``freshwatch worker`` processes for the tests, each in its own process group (so a kill -9
takes its pool with it, as when a machine dies), and a private Redis server a test may restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from freshwatch.storage import Store, workers_seen

_FRESHWATCH = (sys.executable, "-m", "freshwatch.cli.main")
_REDIS = (
    "redis-server",
    "--bind",
    "127.0.0.1",
    "--appendonly",
    "yes",
    "--appendfsync",
    "always",
    "--save",
    "",
)


class Workers:
    def __init__(self, config: Path, logs: Path) -> None:
        self.config = config
        self.logs = logs
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int, *, concurrency: int = 1) -> None:
        for _ in range(count):
            log = (self.logs / f"worker-{len(self.processes)}.log").open("wb")
            self.processes.append(
                subprocess.Popen(
                    [*_FRESHWATCH, "--config", str(self.config), "worker", "--concurrency", str(concurrency)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def wait_ready(self, store: Store, queue: str, count: int, timeout: float = 60) -> None:
        """Until ``count`` pool processes of this queue have sent a heartbeat."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with store.session() as session:
                seen = workers_seen(session, since=datetime.now(UTC) - timedelta(minutes=5))
            if sum(1 for w in seen if w.queue == queue and w.state != "stopped") >= count:
                return
            time.sleep(0.2)
        raise AssertionError(f"workers not ready; logs: {self.tail()}")

    def kill(self, index: int) -> None:
        os.killpg(self.processes[index].pid, signal.SIGKILL)
        self.processes[index].wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def tail(self) -> str:
        return "\n".join(
            p.read_text("utf-8", "replace")[-2000:] for p in sorted(self.logs.glob("worker-*.log"))
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateRedis:
    """A redis-server of the test's own, persisting every write, so it can be restarted mid-run."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*_REDIS, "--port", str(self.port), "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self, down: float = 1.0) -> None:
        self.stop()
        time.sleep(down)
        self.start()
