"""Digest composition and rendering: pure, from scoring's own values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from freshwatch.config.keys import ColumnKey
from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Category, Config
from freshwatch.notify.digest import Digest, SiteOutage, compose_digests, render_digest
from freshwatch.scoring.freshness import reminders, stale_warnings
from freshwatch.scoring.types import BrokenLink, ColumnHistory, Quarter, QuarterTable, UnitRow
from tests.service import scenario

RULEBOOK = load_rulebook("national")
DAY = scenario.DAY


def _histories() -> list[ColumnHistory]:
    cfg = scenario.config()
    return [
        ColumnHistory(
            ColumnKey(u.id, s.home, c.name, c.url, c.category), tuple(scenario.DATES.get(c.url, [])), "ok"
        )
        for u in cfg.units
        for s in u.sites
        for c in s.columns
    ]


def _compose(**overrides: Any) -> list[Digest]:
    histories = _histories()
    table = QuarterTable(
        quarter=Quarter(2026, 4),
        titles=("动态要闻",),
        rows=(
            UnitRow("hbfj", "区环保分局", (3.0,), 3.0, 97.0),
            UnitRow("jyj", "区教育局", (0.0,), 0.0, 100.0),
        ),
    )
    broken = BrokenLink(
        "hbfj", scenario.BROKEN, "attachment", "http_4xx", 404, (f"{scenario.BASE}/hbfj/ghjh/",), DAY, DAY
    )
    outage = SiteOutage(
        "jyj", f"{scenario.BASE}/jyj/", 1, 8, datetime(2026, 11, 26, 3, tzinfo=scenario.ZONE), "timeout"
    )
    arguments: dict[str, Any] = {
        "day": DAY,
        "units": scenario.config().units,
        "histories": histories,
        "new_warnings": stale_warnings(histories, RULEBOOK, start=date(2026, 11, 25), end=DAY),
        "reminders": reminders(histories, RULEBOOK, as_of=DAY),
        "new_broken_links": [broken],
        "unavailable_sites": [outage],
        "quarter_scores": table,
        "send_empty": False,
        "since": date(2026, 11, 25),
    }
    return compose_digests(**{**arguments, **overrides})


def test_each_unit_hears_only_its_own_news_and_quiet_units_nothing() -> None:
    digests = {d.unit_id: d for d in _compose()}
    assert set(digests) == {"hbfj", "jyj", Digest.OFFICE_ID}
    hbfj = digests["hbfj"]
    assert [(w.column, w.due, w.triggered, w.points) for w in hbfj.warnings] == [
        ("工作动态", date(2026, 11, 24), date(2026, 11, 25), 3)
    ]
    assert [(r.column, r.due, r.days_left, r.category) for r in hbfj.reminders] == [
        ("通知公告", date(2026, 11, 30), 4, Category.notice.label)
    ]
    assert [(b.url, b.found_on) for b in hbfj.broken_links] == [
        (scenario.BROKEN, (f"{scenario.BASE}/hbfj/ghjh/",))
    ]
    assert hbfj.outages == ()
    jyj = digests["jyj"]
    assert (jyj.warnings, jyj.reminders, jyj.broken_links) == ((), (), ())
    assert [(o.site, o.failures, o.probes) for o in jyj.outages] == [(f"{scenario.BASE}/jyj/", 1, 8)]


def test_office_summary_has_every_unit_with_its_quarter_score() -> None:
    office = next(d for d in _compose() if d.is_office)
    rows = {row.unit_id: row for row in office.summary}
    assert list(rows) == ["hbfj", "jyj", "tjj"]
    assert (rows["hbfj"].new_warnings, rows["hbfj"].reminders, rows["hbfj"].new_broken_links) == (1, 1, 1)
    assert (rows["hbfj"].deducted, rows["hbfj"].score) == (3.0, 97.0)
    assert rows["tjj"].score is None  # not in the table handed in
    text = render_digest(office).text
    assert "区环保分局：新预警 1 条，临期提醒 1 个，新失效链接 1 个" in text
    assert "季度扣分 3.00，季度得分 97.00" in text
    assert "2026年第四季度截至目前得分" in text


def test_send_empty_gives_every_unit_a_digest() -> None:
    quiet = _compose(
        new_warnings=[], reminders=[], new_broken_links=[], unavailable_sites=[], send_empty=True
    )
    assert [d.unit_id for d in quiet] == ["hbfj", "jyj", "tjj", Digest.OFFICE_ID]
    assert all(d.is_empty for d in quiet)
    assert "本期没有新的问题" in render_digest(quiet[2]).text
    assert _compose(new_warnings=[], reminders=[], new_broken_links=[], unavailable_sites=[]) == []


def test_reminder_past_its_due_date_is_not_a_reminder() -> None:
    digests = _compose(reminders=reminders(_histories(), RULEBOOK, as_of=DAY), day=date(2026, 12, 1))
    hbfj = next(d for d in digests if d.unit_id == "hbfj")
    assert hbfj.reminders == ()


def test_unit_text_names_columns_dates_and_pages_in_chinese() -> None:
    hbfj = next(d for d in _compose() if d.unit_id == "hbfj")
    rendered = render_digest(hbfj)
    assert rendered.subject == "【网站监测日报】区环保分局网站监测日报（2026年11月26日）"
    text = rendered.text
    assert "统计区间：2026年11月25日至2026年11月26日" in text
    assert "【区环保分局频道】工作动态（动态要闻）：最近更新 2026-11-10，应于 2026年11月24日 前更新" in text
    assert "通知公告（通知公告）：最近更新 2026-05-30，请于 2026年11月30日 前更新（还剩 4 天）" in text
    assert f"{scenario.BROKEN}（附件，HTTP 404）" in text
    assert f"所在页面：{scenario.BASE}/hbfj/ghjh/" in text
    assert (
        text.index("一、新产生的栏目不更新预警")
        < text.index("二、即将到期的栏目")
        < text.index("三、新发现的失效链接")
    )


def test_html_escapes_everything_from_sites() -> None:
    hostile = [dict(u) for u in scenario.units()]
    hostile[0]["name"] = "<script>alert(1)</script>局"
    units = Config.model_validate({"units": hostile}).units
    digests = _compose(units=units)
    html = render_digest(next(d for d in digests if d.unit_id == "hbfj")).html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in html
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html
