"""Run one tool over the farm as a child process and measure it the same way for every tool.

Wall time, CPU seconds (user + system) and peak RSS come from ``os.wait4`` of that child (and
the children it waited for), so no tool is measured with a different ruler.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Measured:
    tool: str
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    pages: int
    links_checked: int
    broken: frozenset[str]


class ToolFailed(RuntimeError):
    """A tool did not finish its run: figures from it would measure a crash, not a crawl."""


def require_finished(tool: str, exit_code: int, finished: frozenset[int], output: Path) -> None:
    """Refuse the figures of a failed run.  ``finished``: the exit codes of a run that completed;
    link checkers exit non-zero when they find broken links, which the farm has on purpose."""
    if exit_code not in finished:
        raise ToolFailed(f"{tool} exited {exit_code}")
    if not output.exists():
        raise ToolFailed(f"{tool} exited {exit_code} without writing {output.name}")


def measure(
    argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, stdout: Path | None = None
) -> tuple[float, float, float, int]:
    """(wall seconds, cpu seconds, peak RSS MB, exit code) of one child process."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        out.close()  # type: ignore[union-attr]
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def run_freshwatch(
    config: Path, work: Path, *, code: Path | None = None, processes: int = 1, tool: str = "freshwatch"
) -> Measured:
    """One ``freshwatch crawl --processes N`` into a fresh SQLite file; ``code``: a frozen copy of the
    packages.  wait4 rolls the worker processes' CPU into the parent's; peak RSS is the largest one."""
    db = work / "fw.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    summary_file = work / "fw-summary.json"
    wall, cpu, rss, exit_code = measure(
        [
            str(VENV_BIN / "freshwatch"),
            *("--config", str(config), "--db", f"sqlite:///{db}", "crawl", "--json"),
            *("--processes", str(processes)),
        ],
        stdout=summary_file,
        env={**os.environ, "PYTHONPATH": str(code)} if code else None,
    )
    if exit_code != 0:
        raise RuntimeError(f"freshwatch crawl exited {exit_code}")
    summary = json.loads(summary_file.read_text())
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT DISTINCT url FROM link_checks WHERE error IS NOT NULL AND error != 'blocked'"
        )
        broken = frozenset(r[0] for r in rows)
    return Measured(tool, wall, cpu, rss, summary["pages"], summary["links_checked"], broken)


def run_freshwatch_split(
    config: Path, work: Path, units: list[str], processes: int, *, code: Path | None = None
) -> Measured:
    """All cores before ``--processes`` exists: ``processes`` crawls at once over disjoint shares of
    the units (``crawl --unit``), each into its own SQLite file.  Wall time runs until the last one
    ends; CPU seconds and peak RSS are the sums over the processes (the machine's whole cost)."""
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    started = time.perf_counter()
    children = []
    for share in range(processes):
        db = work / f"fw-part{share}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        summary_file = work / f"fw-part{share}-summary.json"
        argv = [
            str(VENV_BIN / "freshwatch"),
            "--config",
            str(config),
            "--db",
            f"sqlite:///{db}",
            "crawl",
            "--json",
        ]
        argv += [arg for unit in units[share::processes] for arg in ("--unit", unit)]
        out = summary_file.open("wb")
        children.append(
            (subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.DEVNULL), out, db, summary_file)
        )
    cpu = rss = 0.0
    pages = links = 0
    broken: set[str] = set()
    for proc, out, db, summary_file in children:
        _, status, usage = os.wait4(proc.pid, 0)
        out.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(
                f"freshwatch crawl (part of {processes}) exited {os.waitstatus_to_exitcode(status)}"
            )
        cpu += usage.ru_utime + usage.ru_stime
        rss += usage.ru_maxrss / 1024
        summary = json.loads(summary_file.read_text())
        pages += summary["pages"]
        links += summary["links_checked"]
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT DISTINCT url FROM link_checks WHERE error IS NOT NULL AND error != 'blocked'"
            )
            broken |= {r[0] for r in rows}
    wall = time.perf_counter() - started
    return Measured(f"freshwatch-{processes}proc", wall, cpu, rss, pages, links, frozenset(broken))


def run_scrapy(starts: list[str], work: Path) -> Measured:
    start_file = work / "scrapy-starts.txt"
    start_file.write_text("\n".join(starts))
    items = work / "scrapy-items.jsonl"
    items.unlink(missing_ok=True)
    spider = Path(__file__).with_name("scrapy_spider.py")
    wall, cpu, rss, exit_code = measure(
        [
            str(VENV_BIN / "scrapy"),
            "runspider",
            str(spider),
            "-a",
            f"starts={start_file}",
            "-o",
            f"{items}:jsonl",
        ],
        cwd=work,
    )
    require_finished("scrapy", exit_code, frozenset({0}), items)
    records = [json.loads(line) for line in items.read_text().splitlines() if line.strip()]
    html = [r for r in records if not r["url"].endswith((".pdf", ".png"))]
    broken = frozenset(r["url"] for r in records if r["status"] >= 400 or r["status"] == 0)
    return Measured("scrapy", wall, cpu, rss, len(html), len(records), broken)


def run_linkchecker(starts: list[str], work: Path, *, depth: int) -> Measured:
    shared = Path(tempfile.mkdtemp(prefix="lc-", dir=work))
    shared.chmod(0o777)  # linkchecker drops root privileges to nobody
    out = shared / "out.csv"
    rc = shared / "linkcheckerrc"
    # Same politeness as the others: 4 per host via threads overall, no per-host request-rate cap.
    # linkchecker waits 1/maxrequestspersecond .. 6x that between two requests to one host, holding a
    # lock every thread shares; with the server's "LinkChecker" header (bench.nginx) that wait is this
    # setting alone, so a huge value removes the artificial delay.  Same 64 threads, no robots.txt.
    rc.write_text("[checking]\nthreads=64\nmaxrequestspersecond=1000000\nrobotstxt=0\n")
    wall, cpu, rss, exit_code = measure(
        [
            str(VENV_BIN / "linkchecker"),
            "-f",
            str(rc),
            "--no-status",
            "--no-warnings",
            "--verbose",
            "--threads",
            "64",
            "-r",
            str(depth + 1),
            "-F",
            f"csv/utf-8/{out}",
            "-o",
            "none",
            *starts,
        ],
    )
    # linkchecker: 1 when it found broken links, 2 on an internal error
    require_finished("linkchecker", exit_code, frozenset({0, 1}), out)
    rows = [
        r
        for r in csv.reader(
            line for line in out.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
        )
    ]
    header, data = rows[0], rows[1:]
    col = (
        {name: i for i, name in enumerate(header[0].split(";"))}
        if len(header) == 1
        else {name: i for i, name in enumerate(header)}
    )
    parsed = [r[0].split(";") if len(r) == 1 else r for r in data]
    urls = [r[col["url"]] for r in parsed if len(r) > col["valid"]]
    broken = frozenset(r[col["url"]] for r in parsed if len(r) > col["valid"] and r[col["valid"]] == "False")
    pages = sum(1 for u in set(urls) if not u.endswith((".pdf", ".png")))
    return Measured("linkchecker", wall, cpu, rss, pages, len(urls), broken)


def run_lychee(page_urls: list[str], work: Path) -> Measured:
    inputs = work / "lychee-inputs.txt"
    inputs.write_text("\n".join(page_urls))
    out = work / "lychee.json"
    out.unlink(missing_ok=True)  # a previous run's report must not pass for this one's
    wall, cpu, rss, exit_code = measure(
        [
            str(VENV_BIN / "lychee"),
            "--no-progress",
            "--max-concurrency",
            "64",
            "--host-concurrency",
            "4",
            "--host-request-interval",
            "0ms",
            "--timeout",
            "15",
            "--max-retries",
            "2",
            "--format",
            "json",
            "--output",
            str(out),
            "--files-from",
            str(inputs),
        ],
        cwd=work,
    )
    require_finished("lychee", exit_code, frozenset({0, 2}), out)  # 2: it found broken links; 1: it failed
    report = json.loads(out.read_text())
    broken = frozenset(entry["url"] for entries in report.get("error_map", {}).values() for entry in entries)
    # "total" counts every occurrence of a link; "unique" is the number of distinct URLs checked.
    return Measured("lychee", wall, cpu, rss, len(page_urls), int(report.get("unique", 0)), broken)
