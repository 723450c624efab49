"""The farm's design against the notice: names, manual entries, and the table's arithmetic from the truth."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest

from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Category
from freshwatch.demo import DEMO_DAY, DEMO_UNITS, MANUAL_ENTRIES, Farm
from freshwatch.demo.content import build_site
from freshwatch.demo.units import UNIT_SPECS
from tests.conftest import SEED, require_shared

Q4 = (date(2018, 10, 1), date(2018, 12, 31))
TABLE_COLUMNS = {"工作动态": "news", "通知公告": "notice", "部门文件": "policy", "规划计划": "plan"}


def _csv_rows() -> list[dict[str, str]]:
    path = require_shared(SEED / "score-table-2018Q4.csv")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_units_are_the_csv_rows_in_order() -> None:
    assert [name for _, name in DEMO_UNITS] == [row["单位"] for row in _csv_rows()]
    ids = [uid for uid, _ in DEMO_UNITS]
    assert len(set(ids)) == 28
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", uid) for uid in ids)


def test_four_template_families_and_gbk_sites() -> None:
    assert {u.family for u in UNIT_SPECS} == {"trs", "hanweb", "cards", "dlist"}
    assert sum(u.encoding == "gbk" for u in UNIT_SPECS) >= 4
    assert any(u.encoding == "gbk" and not u.header_charset for u in UNIT_SPECS)


def test_manual_entries_are_the_notice_column() -> None:
    rows = {row["单位"]: row for row in _csv_rows()}
    names = dict(DEMO_UNITS)
    booked = {names[e.unit_id]: e.points for e in MANUAL_ENTRIES}
    expected = {
        name: float(row["政务公开科日常监测"])
        for name, row in rows.items()
        if float(row["政务公开科日常监测"])
    }
    assert booked == expected
    for entry in MANUAL_ENTRIES:
        assert Q4[0] <= entry.day <= Q4[1] and entry.column == "政务公开科日常监测"
        assert re.search(r"[\u4e00-\u9fff]{6}", entry.reason)


def test_content_is_deterministic() -> None:
    assert build_site(UNIT_SPECS[5]) == build_site(UNIT_SPECS[5])


def _triggers(dates: tuple[date, ...], category: str) -> list[date]:
    """Issue 2's overdue semantics, written out independently of scoring/ to check the design."""
    rule = load_rulebook("demo").freshness[Category(category)]
    timeline = sorted(d for d in dates if d <= Q4[1])
    found = []
    for index, last in enumerate(timeline):
        following = timeline[index + 1] if index + 1 < len(timeline) else None
        k = 1
        while True:
            trigger = date.fromordinal(rule.period.after(last, k).toordinal() + 1)
            if trigger > Q4[1] or (following is not None and following < trigger):
                break
            if trigger >= Q4[0]:
                found.append(trigger)
            k += 1
    return found


def test_truth_reproduces_the_csv_arithmetic(farm: Farm) -> None:
    rulebook = load_rulebook("demo")
    manual = {e.unit_id: e.points for e in MANUAL_ENTRIES}
    for row, unit in zip(_csv_rows(), farm.truth.units, strict=True):
        assert row["单位"] == unit.name
        total = 0.0
        for column in unit.columns:
            rule = rulebook.freshness[Category(column.category)]
            points = len(_triggers(column.dates, column.category)) * rule.deduct
            assert points == pytest.approx(float(row[column.column])), (unit.unit_id, column.column)
            total += points
        links = min(len(unit.broken) * rulebook.links.deduct_each, rulebook.links.cap)
        assert links == pytest.approx(float(row["第三方监测报告"])), unit.unit_id
        total += links + manual.get(unit.unit_id, 0.0)
        assert total == pytest.approx(float(row["季度扣分"]))
        assert rulebook.base_score - total == pytest.approx(float(row["季度得分"]))


def test_the_stale_plan_triggers_once_on_november_11(farm: Farm) -> None:
    plan = next(c for c in farm.truth.unit("hbfj").columns if c.category == "plan")
    assert plan.latest == date(2017, 11, 10)
    assert _triggers(plan.dates, "plan") == [date(2018, 11, 11)]


def test_nothing_is_dated_after_the_demo_day(farm: Farm) -> None:
    assert all(d <= DEMO_DAY for u in farm.truth.units for c in u.columns for d in c.dates)
    news = [c for u in farm.truth.units for c in u.columns if c.category == "news"]
    assert all(c.latest >= date(2018, 12, 17) for c in news)  # no news warning can fire before 2019


def test_broken_links_mix_kinds_and_statuses(farm: Farm) -> None:
    counts = {u.unit_id: len(u.broken) for u in farm.truth.units if u.broken}
    assert counts == {"hnkjy": 9, "qdqb": 10, "ajfj": 10}
    broken = [b for u in farm.truth.units for b in u.broken]
    assert {b.kind for b in broken} == {"page", "attachment", "image"}
    assert {b.status for b in broken} == {404, 410}
    assert len({b.url for b in broken}) == len(broken)
