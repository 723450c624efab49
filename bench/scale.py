"""``python -m bench scale``: one process, every core, and Celery workers on one nginx farm.

Modes, each ``--runs`` times (medians): ``freshwatch crawl --processes 1`` and ``--processes 2``
into SQLite, and ``freshwatch crawl`` with ``executor: celery`` (RabbitMQ on 127.0.0.1) handing
the sites to two ``freshwatch worker --concurrency 1`` processes that write to PostgreSQL.
Measured: wall seconds, pages/s (nginx's count of distinct HTML pages answered), CPU seconds per
1,000 pages (the crawl process and every process it waited for; for Celery, the coordinator plus
the workers' whole process trees read from /proc), and the rows and transactions per site.
Then the queue's own cost: ``--overhead-tasks`` tasks of an already finished run, which a worker
takes, looks up and acknowledges without crawling: the per-task overhead of broker + Celery + the
worker's database look-ups.  Results go to ``bench/results.json`` under ``scale``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from bench.farmgen import FarmSpec, freshwatch_config
from bench.nginx import Nginx, Served
from bench.peers import VENV_BIN, measure
from bench.workspace import OUT, farm

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8482)
    parser.add_argument("--overhead-tasks", type=int, default=400)
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    spec = FarmSpec(sites=args.sites, pages=args.pages, port=args.port)
    folder, _ = farm(spec)
    work = OUT / f"scale-{spec.sites}x{spec.pages}"
    work.mkdir(parents=True, exist_ok=True)
    server = Nginx(folder, spec.port, work / "nginx")
    server.start()
    database = _pg_database()
    try:
        modes: dict[str, list[dict[str, Any]]] = {
            "processes_1": [],
            "processes_2": [],
            "celery_2_workers": [],
        }
        for run in range(args.runs):
            for processes in (1, 2):
                modes[f"processes_{processes}"].append(_local(spec, work, server, processes))
            modes["celery_2_workers"].append(_celery(spec, work, server, database[0], run))
            print(json.dumps({k: v[-1] for k, v in modes.items()}, ensure_ascii=False), flush=True)
        overhead = _queue_overhead(spec, work, database[0], args.overhead_tasks)
    finally:
        server.stop()
        database[1]()
    result = {
        "farm": {"sites": spec.sites, "pages_per_site": spec.pages},
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "modes": {name: _medians(runs) for name, runs in modes.items()},
        "queue_overhead": overhead,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    merged = json.loads(args.json.read_text()) if args.json.exists() else {}
    merged["scale"] = result
    args.json.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


# --- modes ---------------------------------------------------------------------------------------


def _local(spec: FarmSpec, work: Path, server: Nginx, processes: int) -> dict[str, Any]:
    config = work / "local.yaml"
    config.write_text(freshwatch_config(spec))
    db = work / f"local-{processes}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    server.reset_log()
    argv = [str(VENV_BIN / "freshwatch"), "--config", str(config), "--db", f"sqlite:///{db}"]
    wall, cpu, rss, code = measure([*argv, "crawl", "--json", "--processes", str(processes)])
    if code != 0:
        raise RuntimeError(f"freshwatch crawl --processes {processes} exited {code}")
    served = server.served()
    return _figures(wall, cpu, served, _rows(f"sqlite:///{db}"), transactions_per_site=1) | {
        "peak_rss_mb": rss
    }


def _celery(spec: FarmSpec, work: Path, server: Nginx, database: str, run: int) -> dict[str, Any]:
    queue = f"fw-bench-{uuid.uuid4().hex[:8]}"
    config = work / "celery.yaml"
    config.write_text(
        freshwatch_config(spec)
        + f"database: {database}\n"
        + f'executor: {{kind: celery, broker: "{RABBITMQ}", queue: {queue}, follow_interval: 0.2}}\n'
    )
    _reset_database(database)
    workers = _start_workers(config, work, 2)
    try:
        _wait_ready(database, queue, 2)
        before = sum(_tree_cpu(w.pid) for w in workers)
        server.reset_log()
        wall, cpu, _rss, code = measure(
            [str(VENV_BIN / "freshwatch"), "--config", str(config), "crawl", "--json"],
            stdout=work / "celery-summary.json",
        )
        if code != 0:
            raise RuntimeError(f"coordinator exited {code}")
        worker_cpu = sum(_tree_cpu(w.pid) for w in workers) - before
        served = server.served()
    finally:
        _stop_workers(workers)
    figures = _figures(wall, cpu + worker_cpu, served, _rows(database), transactions_per_site=2)
    return figures | {"coordinator_cpu_seconds": round(cpu, 2), "worker_cpu_seconds": round(worker_cpu, 2)}


def _queue_overhead(spec: FarmSpec, work: Path, database: str, tasks: int) -> dict[str, Any]:
    """Tasks of a finished run: each is received, looked up (run status, pending sites), acknowledged."""
    from freshwatch.config.loader import load_config
    from freshwatch.distributed.coordinator import _dispatch

    queue = f"fw-bench-{uuid.uuid4().hex[:8]}"
    config_file = work / "overhead.yaml"
    config_file.write_text(
        freshwatch_config(spec)
        + f"database: {database}\n"
        + f'executor: {{kind: celery, broker: "{RABBITMQ}", queue: {queue}}}\n'
    )
    config = load_config(config_file)
    run_id = _finished_run(database)
    groups = [(("s1", f"http://127.0.1.1:{spec.port}/"),)] * tasks
    workers = _start_workers(config_file, work, 1)
    try:
        _wait_ready(database, queue, 1)
        before = _tree_cpu(workers[0].pid)
        sent = time.perf_counter()
        _dispatch(config, run_id, 1, _today(), groups)
        send_seconds = time.perf_counter() - sent
        drained = _drain(queue, workers[0].pid)
        used = _tree_cpu(workers[0].pid) - before
    finally:
        _stop_workers(workers)
    return {
        "tasks": tasks,
        "send_ms_per_task": round(send_seconds / tasks * 1000, 3),
        "drain_seconds": round(drained, 2),
        "tasks_per_s_one_worker_process": round(tasks / drained, 1),
        "worker_cpu_ms_per_task": round(used / tasks * 1000, 2),
    }


# --- helpers -------------------------------------------------------------------------------------


def _figures(
    wall: float, cpu: float, served: Served, rows: dict[str, int], *, transactions_per_site: int
) -> dict[str, Any]:
    sites = max(rows.get("site_results", 1), 1)
    return {
        "seconds": round(wall, 2),
        "pages": served.pages,
        "requests": served.requests,
        "pages_per_s": round(served.pages / wall, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_page": round(cpu / max(served.pages, 1) * 1000, 2),
        "rows_per_site": round(sum(v for k, v in rows.items() if k != "site_results") / sites, 1),
        "rows": rows,
        "transactions_per_site": transactions_per_site,
    }


def _medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    numeric = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    medians: dict[str, Any] = {k: statistics.median(run[k] for run in runs) for k in numeric}
    medians["seconds_all"] = [run["seconds"] for run in runs]
    medians["rows"] = runs[0]["rows"]
    return medians


def _rows(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    tables = ("column_observations", "items", "link_checks", "link_referrers", "site_errors", "site_results")
    try:
        with engine.connect() as conn:
            return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0) for t in tables}
    finally:
        engine.dispose()


def _pg_database() -> tuple[str, Any]:
    import psycopg

    name = f"fw_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def _reset_database(url: str) -> None:
    from freshwatch.storage import open_store
    from freshwatch.storage.models import Base

    store = open_store(url)
    with store.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in ("alembic_version", "registry_snapshots"):
                conn.execute(table.delete())
    store.dispose()


def _finished_run(url: str) -> int:
    from datetime import UTC, datetime

    from freshwatch.storage import RunStatus, finish_run, open_store, start_run

    store = open_store(url)
    with store.session() as session:
        now = datetime.now(UTC)
        run_id = start_run(session, started_at=now, holder="bench")
        finish_run(session, run_id, status=RunStatus.complete, finished_at=now)
    store.dispose()
    return run_id


def _today() -> Any:
    from datetime import date

    return date.today()


def _start_workers(config: Path, work: Path, count: int) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [str(VENV_BIN / "freshwatch"), "--config", str(config), "worker", "--concurrency", "1"],
            stdout=(work / f"worker-{i}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for i in range(count)
    ]


def _stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    import signal

    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)


def _wait_ready(database: str, queue: str, count: int) -> None:
    from datetime import UTC, datetime, timedelta

    from freshwatch.storage import open_store, workers_seen

    store = open_store(database)
    try:
        for _ in range(300):
            with store.session() as session:
                seen = workers_seen(session, since=datetime.now(UTC) - timedelta(minutes=1))
            if sum(1 for w in seen if w.queue == queue and w.state == "idle") >= count:
                return
            time.sleep(0.2)
    finally:
        store.dispose()
    raise RuntimeError("workers did not start")


def _drain(queue: str, worker_pid: int) -> float:
    """Seconds until the queue is empty and the worker has stopped using CPU."""
    from kombu import Connection

    started = time.perf_counter()
    with Connection(RABBITMQ) as conn:
        channel = conn.channel()
        while channel.queue_declare(queue=queue, passive=True).message_count:
            time.sleep(0.05)
    previous = -1.0
    while (current := _tree_cpu(worker_pid)) != previous:
        previous = current
        time.sleep(0.3)
    return time.perf_counter() - started - 0.3


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a live process and its live descendants, from /proc."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        child, parent = int(entry.name), int(fields[1])
        children.setdefault(parent, []).append(child)
        times[child] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += times.get(current, 0.0)
        stack.extend(children.get(current, []))
    return total


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
