"""Requests per column: a first crawl (the walk back to each column's anchor) against the next days'.

The history farm (``tests/history/farm.py``: a post-a-day column over 50 pages, a list endpoint, a
dateless list of 60 items, a year column, a capped three-a-day column, an overdue column) is crawled
on 2026-11-16, then once a day for ``--days`` days while the farm adds its posts.  Each column's cost is
what its observation recorded (list pages, endpoint groups, articles opened); the link checks of the
pages read are not part of it (they are the same on either day).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from freshwatch.storage import open_store
from tests.history.conftest import FIRST_DAY, Installed, crawl_on, farm_config, requests_on
from tests.history.farm import HistoryFarm


def measure(days: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder, HistoryFarm(FIRST_DAY) as farm:
        installed = Installed(farm, farm_config(farm), open_store(f"sqlite:///{Path(folder) / 'fw.db'}"))
        seconds = []
        crawl_days = [FIRST_DAY + timedelta(days=n) for n in range(days + 1)]
        for day in crawl_days:
            started = time.monotonic()
            crawl_on(installed, day)
            seconds.append(time.monotonic() - started)
        costs = [requests_on(installed.store, day) for day in crawl_days]
    columns = {}
    for key in costs[0]:
        later = [cost[key] for cost in costs[1:]]
        columns["/".join(key)] = {"first": costs[0][key], "next_days_median": statistics.median(later)}
    first_total = sum(costs[0].values())
    next_total = statistics.median(sum(cost.values()) for cost in costs[1:])
    return {
        "first_day": FIRST_DAY.isoformat(),
        "next_days": days,
        "columns": columns,
        "total_first": first_total,
        "total_next_days_median": next_total,
        "ratio": round(first_total / next_total, 1),
        "seconds_first": round(seconds[0], 2),
        "seconds_next_days_median": round(statistics.median(seconds[1:]), 2),
        "measured_at": date.today().isoformat(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench history")
    parser.add_argument("--days", type=int, default=5, help="next days crawled after the first")
    parser.add_argument("--json", type=Path, help="merge the figures into this file under 'history'")
    args = parser.parse_args(argv)
    result = measure(args.days)
    print(f"{'column':<16}{'first crawl':>12}{'next days (median)':>20}")
    for name, cost in result["columns"].items():
        print(f"{name:<16}{cost['first']:>12}{cost['next_days_median']:>20}")
    print(
        f"{'total':<16}{result['total_first']:>12}{result['total_next_days_median']:>20}  ratio {result['ratio']}"
    )
    if args.json:
        document = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
        document["history"] = result
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0
