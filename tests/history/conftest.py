"""A first crawl of the history farm on a mid-quarter day (2026-11-16), shared by the module's tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from freshwatch.app.clock import Clock
from freshwatch.app.crawl_job import run_crawl
from freshwatch.config import load_rulebook
from freshwatch.config.models import Config, Rulebook
from freshwatch.storage import Store, open_store, save_registry
from freshwatch.storage.models import Observation
from tests.history.farm import HistoryFarm

FIRST_DAY = date(2026, 11, 16)  # the installation: a Monday in the middle of 2026Q4
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEMO: Rulebook = load_rulebook("demo")


@dataclass
class Installed:
    farm: HistoryFarm
    config: Config
    store: Store
    url: str = ""


def farm_config(farm: HistoryFarm, *, depth: int = 1, **crawl: Any) -> Config:
    settings = {"timeout": 5, "retries": 0, "list_pages": 25, "check_external": False, **crawl}
    return Config.model_validate({"units": farm.units(depth), "crawl": settings})


def crawl_on(installed: Installed, day: date, *, units: list[str] | None = None, processes: int = 1) -> None:
    installed.farm.day = day
    clock = Clock.simulated(datetime(day.year, day.month, day.day, 2, 0, tzinfo=SHANGHAI))
    asyncio.run(
        run_crawl(installed.config, installed.store, units=units, today=day, clock=clock, processes=processes)
    )


def requests_on(store: Store, day: date) -> dict[tuple[str, str], int]:
    """What each column's read cost in the crawl of ``day`` (unit, column name) -> requests."""
    found: dict[tuple[str, str], int] = {}
    with store.session() as session:
        for obs in session.scalars(select(Observation).order_by(Observation.observed_at)):
            if obs.observed_at.astimezone(SHANGHAI).date() == day and obs.column_name != "首页":
                found[(obs.unit_id, obs.column_name)] = obs.requests
    return found


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    folder: Path = tmp_path_factory.mktemp("history")
    url = f"sqlite:///{folder / 'fw.db'}"
    with HistoryFarm(FIRST_DAY) as farm:
        installed = Installed(farm, farm_config(farm), open_store(url), url)
        crawl_on(installed, FIRST_DAY)
        with installed.store.session() as session:  # the CLI reads the registry and rulebook from here
            save_registry(
                session,
                config_json=installed.config.model_dump_json(by_alias=True),
                rulebook_json=DEMO.model_dump_json(by_alias=True),
                at=datetime(2026, 11, 16, 3, 0, tzinfo=SHANGHAI),
            )
        yield installed
