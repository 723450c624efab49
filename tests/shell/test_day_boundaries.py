"""Calendar days are the office's: a finding early on New Year's morning in Beijing belongs to the new quarter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from freshwatch.app.read_models import table_for_quarter
from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Category, Config
from freshwatch.scoring.types import Quarter
from freshwatch.storage import Store, open_store, record_site, sqlite_url, start_run
from tests.storage.factories import HOME, NEWS, column, site

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(sqlite_url(tmp_path / "days.db"))
    yield opened
    opened.dispose()


def _config() -> Config:
    columns = [{"name": "工作动态", "url": NEWS, "category": "notice"}]
    unit = {"id": "hbfj", "name": "环保分局", "sites": [{"home": HOME, "columns": columns}]}
    return Config.model_validate({"units": [unit], "schedule": {"timezone": "Asia/Shanghai"}})


def test_a_blank_found_at_2am_on_new_years_day_beijing_counts_in_the_new_quarter(store: Store) -> None:
    found = datetime(2019, 1, 1, 2, 0, tzinfo=BEIJING)  # 2018-12-31 18:00 UTC
    with store.session() as session:
        run_id = start_run(session, started_at=found, holder="test:1")
        record_site(session, run_id, site([column(category=Category.notice)]), observed_at=found)
    config, rulebook = _config(), load_rulebook("national")

    q4 = table_for_quarter(store, config, rulebook, Quarter(2018, 4))
    q1 = table_for_quarter(store, config, rulebook, Quarter(2019, 1))

    assert [d for d in q4.deductions if d.blank_column is not None] == []
    (blank,) = [d for d in q1.deductions if d.blank_column is not None]
    assert blank.points == rulebook.blank_column.deduct
    assert blank.blank_column is not None and blank.blank_column.blank_days[0].isoformat() == "2019-01-01"
