"""A unit added after a quarter was frozen has no score in that quarter; the year still adds up."""

from __future__ import annotations

from pathlib import Path

from freshwatch import storage
from freshwatch.app.context import App
from freshwatch.app.quarters import annual_rows, quarter_result
from freshwatch.scoring.types import Quarter
from tests.storage.factories import at, column, site

UNIT = """
  - id: {id}
    name: {name}
    sites:
      - home: http://127.0.0.1:9/{id}/
"""


def _app(folder: Path, db: str, units: list[tuple[str, str]]) -> App:
    path = folder / f"freshwatch-{len(units)}.yaml"
    text = "rules: demo\nunits:" + "".join(UNIT.format(id=i, name=n) for i, n in units)
    path.write_text(text, encoding="utf-8")
    return App(config_file=str(path), db_url=db)


def _observe(db: str, units: list[str], days: list[str]) -> None:
    """A crawl of each unit on each day: the quarters then have monitoring data to score."""
    store = storage.open_store(db)
    try:
        with store.session() as session:
            for day in days:
                run = storage.start_run(session, started_at=at(day), units=units)
                for unit in units:
                    storage.record_site(
                        session, run, site([column(unit=unit)], unit=unit), observed_at=at(day)
                    )
    finally:
        store.dispose()


def test_a_quarter_frozen_before_a_unit_existed_shows_no_score_for_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    _observe(db, ["hbfj"], ["2018-02-01"])
    _observe(db, ["hbfj", "czj"], ["2018-05-01", "2018-08-01", "2018-11-01"])
    before = _app(tmp_path, db, [("hbfj", "区环保分局")])
    try:
        frozen = quarter_result(before, Quarter(2018, 1), freeze=True)
    finally:
        before.close()
    assert [row.unit_id for row in frozen.table.rows] == ["hbfj"]

    after = _app(tmp_path, db, [("hbfj", "区环保分局"), ("czj", "区财政局")])
    try:
        headers, rows, payload = annual_rows(after, 2018, None)
    finally:
        after.close()
    assert headers[:5] == ["单位", "一季度", "二季度", "三季度", "四季度"]
    assert rows[1][:5] == ["区财政局", "无监测数据", "100.0", "100.0", "100.0"]
    assert payload[1]["quarters"]["2018Q1"] is None
    assert payload[1]["daily_monitoring"] == 100.0  # the mean of the quarters it was scored in
    assert rows[0][:5] == ["区环保分局", "100.0", "100.0", "100.0", "100.0"]
