"""``explain PAGE --category C``: the category's freshness rule applied to the list's newest date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shell.conftest import run_cli


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no freshwatch.yaml here: the national rulebook, no database
    monkeypatch.delenv("FRESHWATCH_CONFIG", raising=False)
    items = "".join(
        f'<li><a href="/gzdt/t{n}.html">关于开展第{n}次专项检查工作的通知</a><span>2018-12-{20 - n:02d}</span></li>'
        for n in range(8)
    )
    path = tmp_path / "list.html"
    path.write_text(
        f'<html><head><meta charset="utf-8"><title>工作动态</title></head><body><ul class="list">{items}</ul>'
        "</body></html>",
        encoding="utf-8",
    )
    return path


def test_the_category_rule_judges_the_newest_date_as_of_today(page: Path) -> None:
    soon = run_cli("explain", str(page), "--today", "2018-12-31", "--category", "news")
    assert soon.code == 0, soon.err
    assert "类别 动态要闻（news）的更新期限（规则 national）：14 天，到期前 3 天 提醒" in soon.out
    assert "最新发布日期 2018-12-20，应于 2019-01-03 前更新" in soon.out
    assert soon.out.rstrip().endswith("截至 2018-12-31：即将到期")
    late = run_cli("explain", str(page), "--today", "2019-01-05", "--category", "news")
    assert late.out.rstrip().endswith("截至 2019-01-05：已超期")
    plan = json.loads(
        run_cli("explain", str(page), "--today", "2019-01-05", "--category", "plan", "--json").out
    )
    assert plan["freshness"] == {
        "category": "plan",
        "rulebook": "national",
        "period": "1y",
        "remind": "30d",
        "latest_date": "2018-12-20",
        "due_date": "2019-12-20",
        "state": "ok",
    }
    assert not (page.parent / "freshwatch.db").exists()


def test_a_category_without_a_rule_says_so_and_a_bad_one_is_refused(page: Path) -> None:
    other = run_cli("explain", str(page), "--today", "2019-01-05", "--category", "other")
    assert "类别 其他（other）在规则 national 中没有更新期限" in other.out
    assert run_cli("explain", str(page), "--category", "newz").code == 2
