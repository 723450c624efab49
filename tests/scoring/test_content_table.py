"""Content findings reach the table only through the rulebook: a column and points, or report-only."""

from __future__ import annotations

from datetime import date

from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Rulebook
from freshwatch.scoring.table import quarter_table
from freshwatch.scoring.types import ContentIssue, Quarter

Q = Quarter.parse("2024Q4")


def issue(kind: str = "privacy", level: str = "严重", url: str = "http://x/a.html") -> ContentIssue:
    return ContentIssue("u1", kind, level, url, date(2024, 11, 1), date(2024, 12, 1), subtype="id_number")


def counting(**content: object) -> Rulebook:
    data = load_rulebook("national").model_dump(by_alias=True)
    data["table"] = [*data["table"], {"title": "内容保障", "from": ["privacy", "typo"]}]
    data["content"] = {**data["content"], **content}
    return Rulebook.model_validate(data)


def test_national_rulebook_is_report_only() -> None:
    table = quarter_table([("u1", "单位")], [], [], [], load_rulebook("national"), Q, content=[issue()])
    assert (table.rows[0].total, len(table.findings)) == (0, 1)


def test_points_each_and_cap_from_the_rulebook() -> None:
    rulebook = counting(privacy={"deduct_each": 2, "cap": 3})
    issues = [issue(url=f"http://x/{n}.html") for n in range(3)]
    table = quarter_table([("u1", "单位")], [], [], [], rulebook, Q, content=issues)
    assert table.rows[0].cells[-1] == 3


def test_only_the_rulebook_levels_count() -> None:
    rulebook = counting(typo={"deduct_each": 1, "levels": ["严重"]})
    issues = [issue("typo", "严重"), issue("typo", "一般", "http://x/b.html")]
    table = quarter_table([("u1", "单位")], [], [], [], rulebook, Q, content=issues)
    assert table.rows[0].cells[-1] == 1


def test_finding_outside_the_quarter_does_not_count() -> None:
    rulebook = counting(privacy={"deduct_each": 1})
    old = ContentIssue("u1", "privacy", "严重", "http://x/a.html", date(2024, 1, 1), date(2024, 2, 1))
    table = quarter_table([("u1", "单位")], [], [], [], rulebook, Q, content=[old])
    assert (table.rows[0].total, table.findings) == (0, ())
