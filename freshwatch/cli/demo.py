"""``freshwatch demo``: the 28 units of the 2018-Q4 notice, simulated, crawled and scored.

The farm serves realistic sites on 127.0.0.1; the real crawler and detectors read them on the
simulated day 2018-12-31, the notice's three manual entries are booked, and the 2018Q4 table is
printed on stdout as CSV (identical to the notice's).  Everything a person reads goes to stderr,
so ``freshwatch demo > table.csv`` gives the bare table.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from datetime import UTC, datetime, time
from pathlib import Path

import click

from freshwatch import storage
from freshwatch.app.clock import Clock, zone
from freshwatch.app.context import App
from freshwatch.app.crawl_job import run_crawl
from freshwatch.app.quarters import quarter_result
from freshwatch.cli.crawling import summary_line
from freshwatch.cli.output import say
from freshwatch.cli.progress import CrawlBar
from freshwatch.config.loader import load_config
from freshwatch.scoring.table import table_csv
from freshwatch.scoring.types import Quarter

DEMO_DB_FILE = "freshwatch-demo.db"


@click.command()
@click.option("--db", "db_url", metavar="URL", help=f"数据库（默认 sqlite:///{DEMO_DB_FILE}，每次重建）")
@click.pass_obj
def demo(app: App, db_url: str | None) -> None:
    """模拟 2018 年第四季度通报中的 28 个单位网站，抓取、评分并输出得分表。"""
    url = db_url or app.db_url or f"sqlite:///{DEMO_DB_FILE}"
    _fresh_sqlite(url)
    table_text, summary_text = asyncio.run(_run_demo(url, show_bar=sys.stderr.isatty()))
    click.echo(table_text, nl=False)
    say(summary_text)
    say(f"得分表已生成（上方为 CSV）。数据库保留在 {url}，可以继续试用：")
    program = program_path()
    for example in (
        "status --as-of 2018-12-31",
        "warnings --from 2018-10-01 --to 2018-12-31",
        "links",
        "score --quarter 2018Q4 --unit hbfj --explain",
        "score --quarter 2018Q4 --format xlsx --out 2018Q4.xlsx",
        "score --quarter 2018Q4 --format docx --out 2018Q4-通报.docx",
    ):
        say(f"  {program} --db {url} {example}")


def program_path() -> str:
    """How to type freshwatch here: bare when it is on PATH, else the venv's script (.venv/bin/freshwatch)."""
    if shutil.which("freshwatch"):
        return "freshwatch"
    script = Path(sys.executable).with_name("freshwatch")
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


async def _run_demo(url: str, *, show_bar: bool) -> tuple[str, str]:
    from freshwatch.demo import DEMO_DAY, DEMO_QUARTER, MANUAL_ENTRIES, start_farm

    async with start_farm() as farm:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "freshwatch-demo.yaml"
            path.write_text(farm.config_yaml(), encoding="utf-8")
            config = load_config(path)
        app = App(db_url=url, create_database=True, _config=config)
        app.remember_registry()
        start = datetime.combine(DEMO_DAY, time(2, 0), zone(config))
        with CrawlBar(enabled=show_bar) as bar:
            summary = await run_crawl(
                config,
                app.store(),
                today=DEMO_DAY,
                clock=Clock.simulated(start),
                progress=bar.update if show_bar else None,
            )
    booked_at = datetime.combine(DEMO_DAY, time(9, 0), UTC)
    with app.store().session() as session:
        for entry in MANUAL_ENTRIES:
            storage.add_manual(
                session,
                unit_id=entry.unit_id,
                day=entry.day,
                points=entry.points,
                column=entry.column,
                reason=entry.reason,
                author="政务公开科",
                at=booked_at,
            )
    table = quarter_result(app, Quarter.parse(DEMO_QUARTER)).table
    app.close()
    return table_csv(table), summary_line(summary)


def _fresh_sqlite(url: str) -> None:
    """The demo always starts from an empty file; other databases are used as they are."""
    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()


COMMANDS = [demo]
