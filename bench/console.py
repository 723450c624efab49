"""Console speed: the overview and a unit page on 500 units, 5,000 columns, a year of daily crawls.

Builds the database by direct inserts into the storage tables (no crawl): 365 daily runs, one
observation per column (and home page) per run, the items each column published over the year
(news every 3 days, notices every 20, policy every 40, plans every 200: some columns go overdue),
4 link checks per unit per run (1 failing, with its referrer), probes every 30 minutes over the last
14 days.  Then it signs in as the office and times ``GET /`` and ``GET /unit/<id>`` in-process
(Starlette's test client: the handler, the queries and the rendering, no network), medians of N.

    .venv/bin/python -m bench console --db sqlite:////tmp/console-bench.db
    .venv/bin/python -m bench console --db postgresql+psycopg://postgres@127.0.0.1:5432/fw_console_bench
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from freshwatch import storage
from freshwatch.app.accounts import hash_password
from freshwatch.app.context import App
from freshwatch.config.models import Config
from freshwatch.storage.models import (
    CrawlRun,
    Item,
    LinkCheckRow,
    Observation,
    ProbeRow,
    ReferrerRow,
    table_of,
)

TZ = ZoneInfo("Asia/Shanghai")
CATEGORIES = [("工作动态", "news", 3), ("通知公告", "notice", 20), ("政策文件", "policy", 40)] * 3 + [
    ("规划计划", "plan", 200)
]  # 10 columns a unit: (name, category, days between updates)
PASSWORD = "bench-password"


def registry(units: int) -> dict[str, Any]:
    return {
        "units": [
            {
                "id": f"u{n:04d}",
                "name": f"单位{n:04d}",
                "sites": [
                    {
                        "home": f"http://u{n:04d}.example.gov.cn/",
                        "columns": [
                            {
                                "name": f"{name}{i}",
                                "url": f"http://u{n:04d}.example.gov.cn/c{i}/",
                                "category": category,
                            }
                            for i, (name, category, _) in enumerate(CATEGORIES)
                        ],
                    }
                ],
            }
            for n in range(units)
        ]
    }


def _crawl_moment(day: date) -> datetime:
    return datetime.combine(day, dtime(2, 0), TZ).astimezone(UTC)


def build(url: str, *, units: int, days: int, today: date) -> dict[str, int]:
    config = Config.model_validate(registry(units))
    app = App(db_url=url, _config=config)
    app.remember_registry()
    store = app.store()
    counts = {"runs": 0, "observations": 0, "items": 0, "link_checks": 0, "probes": 0}
    first = today - timedelta(days=days - 1)
    homes = [(u.id, u.sites[0].home) for u in config.units]
    with store.session() as session:
        run_rows = [
            {
                "kind": "crawl",
                "started_at": _crawl_moment(first + timedelta(days=d)),
                "finished_at": _crawl_moment(first + timedelta(days=d)) + timedelta(minutes=40),
                "status": "complete",
                "units": [],
                "holder": "bench",
                "pages": 0,
                "requests": 0,
                "note": "",
            }
            for d in range(days)
        ]
        session.execute(insert(table_of(CrawlRun)), run_rows)
        counts["runs"] = days
    with store.session() as session:
        run_ids = [r.run_id for r in storage.latest_runs(session, limit=days + 10)][::-1]
    items: list[dict[str, Any]] = []
    for unit in config.units:
        site = unit.sites[0]
        columns = [
            (site.home, "首页", "home", 1),
            *[(c.url, c.name, c.category.value, CATEGORIES[i][2]) for i, c in enumerate(site.columns)],
        ]
        for index, (column_url, _, _, every) in enumerate(columns):
            offset = (hash((unit.id, column_url)) % every) if every > 1 else 0
            for d in range(-200, days, every):
                published = first + timedelta(days=d + offset)
                if published > today:
                    continue
                seen = _crawl_moment(max(first, published))
                items.append(
                    {
                        "unit_id": unit.id,
                        "column_url": column_url,
                        "url": f"{column_url}t{published:%Y%m%d}_{index}.html",
                        "title": f"{unit.name} 第{index}栏 {published} 的信息",
                        "published": published,
                        "date_source": "list_text",
                        "date_text": published.isoformat(),
                        "first_seen": seen,
                        "last_seen": _crawl_moment(today),
                    }
                )
    for chunk in range(0, len(items), 20000):
        with store.session() as session:
            session.execute(insert(table_of(Item)), items[chunk : chunk + 20000])
    counts["items"] = len(items)
    for d, run_id in enumerate(run_ids[:days]):
        day = first + timedelta(days=d)
        moment = _crawl_moment(day)
        observations = []
        checks = []
        for unit in config.units:
            site = unit.sites[0]
            for column_url, name, category in [
                (site.home, "首页", "home"),
                *[(c.url, c.name, c.category.value) for c in site.columns],
            ]:
                observations.append(
                    {
                        "run_id": run_id,
                        "unit_id": unit.id,
                        "site_home": site.home,
                        "column_name": name,
                        "column_url": column_url,
                        "category": category,
                        "verdict": "ok",
                        "error": None,
                        "http_status": 200,
                        "latest": None,
                        "item_count": 20,
                        "pages_read": 1,
                        "reason": "",
                        "detail": "",
                        "observed_at": moment,
                    }
                )
            for k in range(4):
                failing = k == 0
                checks.append(
                    {
                        "run_id": run_id,
                        "unit_id": unit.id,
                        "url": f"{site.home}link{k}.html",
                        "kind": "page",
                        "status": 404 if failing else 200,
                        "error": "http_4xx" if failing else None,
                        "detail": "",
                        "checked_at": moment,
                    }
                )
        with store.session() as session:
            session.execute(insert(table_of(Observation)), observations)
            session.execute(insert(table_of(LinkCheckRow)), checks)
            failing_ids = (
                session.execute(
                    table_of(LinkCheckRow)
                    .select()
                    .with_only_columns(table_of(LinkCheckRow).c.id)
                    .where(
                        table_of(LinkCheckRow).c.run_id == run_id, table_of(LinkCheckRow).c.error.is_not(None)
                    )
                )
                .scalars()
                .all()
            )
            session.execute(
                insert(table_of(ReferrerRow)),
                [{"check_id": i, "page": "http://x/", "text": "", "tag": "a"} for i in failing_ids],
            )
        counts["observations"] += len(observations)
        counts["link_checks"] += len(checks)
        if d % 50 == 0:
            print(f"  day {d + 1}/{days}", file=sys.stderr, flush=True)
    probes = []
    start = _crawl_moment(today - timedelta(days=13))
    for step in range(14 * 48):
        at = start + timedelta(minutes=30 * step)
        probes += [
            {
                "unit_id": unit_id,
                "site_home": home,
                "status": 200,
                "error": None,
                "ttfb": 0.1,
                "elapsed": 0.3,
                "probed_at": at,
            }
            for unit_id, home in homes
        ]
    for chunk in range(0, len(probes), 50000):
        with store.session() as session:
            session.execute(insert(table_of(ProbeRow)), probes[chunk : chunk + 50000])
    counts["probes"] = len(probes)
    with store.session() as session:
        storage.add_user(
            session,
            name="office",
            role="office",
            unit_id=None,
            password_hash=hash_password(PASSWORD),
            at=datetime.now(UTC),
        )
    app.close()
    return counts


def _new_findings(app: App) -> None:
    """What a finished crawl or a booking does to the console: a new run row moves the data version,
    so the next page is computed afresh (cold), as after the daily crawl."""
    now = datetime.now(UTC)
    with app.store().session() as session:
        session.execute(
            insert(table_of(CrawlRun)),
            [
                {
                    "kind": "probe",
                    "started_at": now,
                    "finished_at": now,
                    "status": "complete",
                    "units": [],
                    "holder": "bench",
                    "pages": 0,
                    "requests": 0,
                    "note": "",
                }
            ],
        )


def measure(url: str, *, repeats: int, units: int) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from freshwatch.web.server import create_app

    app = App(db_url=url)
    client = TestClient(create_app(app), follow_redirects=False)
    nonce = re.search(r'name="csrf_login" value="([^"]+)"', client.get("/login").text)
    assert nonce is not None
    client.post("/login", data={"name": "office", "password": PASSWORD, "csrf_login": nonce.group(1)})
    figures: dict[str, Any] = {}
    for label, path in (("overview", "/"), ("unit", f"/unit/u{units // 2:04d}")):
        for state in ("cold", "warm"):
            times = []
            for _ in range(repeats):
                if state == "cold":
                    _new_findings(app)
                began = time.perf_counter()
                answer = client.get(path)
                times.append(time.perf_counter() - began)
                assert answer.status_code == 200, answer.text[:300]
            figures[f"{label}_{state}"] = {
                "median_s": round(statistics.median(times), 3),
                "runs_s": [round(t, 3) for t in times],
            }
    app.close()
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench console")
    parser.add_argument(
        "--db", required=True, help="an EMPTY database (sqlite:///... or postgresql+psycopg://...)"
    )
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true", help="measure a database built before")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    today = datetime.now(TZ).date()
    result: dict[str, Any] = {"db": args.db.split("://")[0], "units": args.units, "days": args.days}
    if not args.skip_build:
        began = time.perf_counter()
        result["rows"] = build(args.db, units=args.units, days=args.days, today=today)
        result["build_s"] = round(time.perf_counter() - began, 1)
        print(f"built in {result['build_s']} s: {result['rows']}", file=sys.stderr)
    result["pages"] = measure(args.db, repeats=args.repeats, units=args.units)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0
