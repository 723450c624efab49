"""The days after the first crawl: each column is read only until it meets what is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from freshwatch.app.read_models import column_statuses, table_for_quarter
from freshwatch.config.models import Config
from freshwatch.crawler.run import site_groups
from freshwatch.scoring.types import Quarter
from freshwatch.storage import open_store
from tests.history.conftest import DEMO, FIRST_DAY, SHANGHAI, Installed, crawl_on, farm_config, requests_on
from tests.history.farm import HistoryFarm

NEXT_DAY, DAY_AFTER = date(2026, 11, 17), date(2026, 11, 18)


@pytest.fixture(scope="module")
def three_days(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    folder: Path = tmp_path_factory.mktemp("daily")
    with HistoryFarm(FIRST_DAY) as farm:
        installed = Installed(farm, farm_config(farm), open_store(f"sqlite:///{folder / 'fw.db'}"))
        for day in (FIRST_DAY, NEXT_DAY, DAY_AFTER):
            crawl_on(installed, day)
        yield installed


def test_the_next_days_cost_about_the_first_page_alone(three_days: Installed) -> None:
    for day in (NEXT_DAY, DAY_AFTER):
        assert requests_on(three_days.store, day) == {
            ("wj", "工作动态"): 1,
            ("wj", "通知公告"): 2,  # the shell page and the first endpoint group
            ("wj", "部门文件"): 1,  # every article on page 1 is dated in storage: none opened again
            ("wj", "规划计划"): 1,
            ("jt", "工作动态"): 1,  # joins the history the page cap cut short, doesn't re-walk to the cap
            ("jt", "政务动态"): 1,
        }


@pytest.mark.slow
def test_a_crawl_on_every_core_also_walks_only_to_what_is_stored(tmp_path: Path) -> None:
    """The process-per-core crawl is handed the stored history too: its next day costs the same."""
    with HistoryFarm(FIRST_DAY) as farm:
        units = farm.units(1)
        for unit in units:  # jt under another host name: two site groups, so two processes crawl
            if unit["id"] == "jt":
                unit.update(json.loads(json.dumps(unit).replace("127.0.0.1", "localhost")))
        config = Config.model_validate({"units": units, "crawl": farm_config(farm).crawl.model_dump()})
        assert len(site_groups(config, None)) == 2
        installed = Installed(farm, config, open_store(f"sqlite:///{tmp_path / 'fw.db'}"))
        crawl_on(installed, FIRST_DAY, processes=2)
        crawl_on(installed, NEXT_DAY, processes=2)
        next_day = requests_on(installed.store, NEXT_DAY)
    assert next_day[("wj", "工作动态")] == 1 and next_day[("wj", "部门文件")] == 1
    assert next_day[("jt", "工作动态")] == 1


def test_the_history_grows_by_the_new_posts_and_keeps_its_start(three_days: Installed) -> None:
    statuses = column_statuses(three_days.store, three_days.config.units, DEMO, as_of=DAY_AFTER, tz=SHANGHAI)
    found = {(ref.unit.id, ref.name): st for ref, st in statuses}
    news = found[("wj", "工作动态")]
    assert news.latest == DAY_AFTER and news.history.history_from == date(2026, 6, 30)
    assert set(news.history.updates) >= {NEXT_DAY, DAY_AFTER}
    capped = found[("jt", "工作动态")].history
    assert (capped.history_from, capped.walk_end) == (date(2026, 10, 6), "cap")  # still shown


def test_the_tables_do_not_move_with_the_daily_crawls(three_days: Installed) -> None:
    q3 = table_for_quarter(three_days.store, three_days.config, DEMO, Quarter(2026, 3), today=DAY_AFTER)
    assert {row.unit_id: row.score for row in q3.rows} == {"wj": 84.0, "jt": 82.0}


def test_a_dateless_list_is_dated_over_several_crawls_without_opening_an_article_twice(
    tmp_path: Path,
) -> None:
    """Ten articles a crawl: the first crawl knows 部门文件 back to 09-26 only, so July's warning is not
    known yet (not scored clean: reported); the third crawl reaches the anchor (01-20) and it appears."""
    with HistoryFarm(FIRST_DAY) as farm:
        config = farm_config(farm, article_lookups=10, depth=0)  # depth 0: no link checks, walk hits only
        installed = Installed(farm, config, open_store(f"sqlite:///{tmp_path / 'fw.db'}"))
        seen = []
        for day in (FIRST_DAY, NEXT_DAY, DAY_AFTER):
            crawl_on(installed, day, units=["wj"])
            q3 = table_for_quarter(installed.store, config, DEMO, Quarter(2026, 3), today=day)
            policy = next(c for c in q3.coverage if c.column_name == "部门文件")
            fired = [
                d.warning.trigger.day
                for d in q3.deductions
                if d.warning and d.warning.column_name == "部门文件"
            ]
            seen.append((policy.history_from, policy.unknown, fired))
    assert seen == [
        (date(2026, 9, 26), (date(2026, 7, 1), date(2026, 9, 25)), []),
        (date(2026, 8, 7), (date(2026, 7, 1), date(2026, 8, 6)), []),
        (date(2026, 1, 20), None, [date(2026, 7, 21)]),
    ]
    opened = [n for path, n in farm.hits.items() if path.startswith("/wj/bmwj/doc")]
    assert len(opened) == 30 and set(opened) == {1}
    assert [
        requests_on(installed.store, day)[("wj", "部门文件")] for day in (FIRST_DAY, NEXT_DAY, DAY_AFTER)
    ] == [
        2 + 10,  # page 1 dated, page 2 left for the next crawl
        3 + 10,  # pages 1 and 2 from storage's dates, page 3 left
        3 + 10,  # page 3 reaches 01-20 and 01-15: the anchor
    ]
