"""Typos, leaders' titles and outdated names: one automaton, levels and suggestions."""

from __future__ import annotations

import pytest

from freshwatch.detectors.content_scan import ContentScanner
from freshwatch.detectors.content_types import Level
from freshwatch.detectors.page import parse_page
from freshwatch.detectors.wording_checks import WordingListError, parse_wording_list

URL = "http://x.gov.cn/a.html"


def hits(scanner: ContentScanner, text: str) -> dict[str, tuple[str, Level, str | None]]:
    return {
        f.key: (f.subtype, f.level, f.suggestion) for f in scanner.scan_text(text, URL) if f.kind == "typo"
    }


def test_typo_in_body_has_suggestion_and_level(scanner: ContentScanner) -> None:
    assert hits(scanner, "要再接再励，抓好落实。") == {"再接再励": ("typo", Level.general, "再接再厉")}


def test_political_formulation_slip_is_serious(scanner: ContentScanner) -> None:
    assert hits(scanner, "坚持不忘出心")["不忘出心"][1] is Level.serious


def test_leader_with_wrong_title_is_serious(scanner: ContentScanner) -> None:
    found = hits(scanner, "区长张三主持会议")
    assert found == {"区长张三": ("leader", Level.serious, "张三的职务为副区长")}


@pytest.mark.parametrize("text", ["副区长张三出席", "区长李四讲话", "李四区长要求", "张三副区长调研"])
def test_leader_with_right_title_is_not_flagged(scanner: ContentScanner, text: str) -> None:
    assert hits(scanner, text) == {}


def test_outdated_body_name_suggests_current_one(scanner: ContentScanner) -> None:
    assert hits(scanner, "原国家工商行政管理总局印发")["国家工商行政管理总局"][2] == "国家市场监督管理总局"


@pytest.mark.parametrize("text", ["全部暑假期间", "农业部门负责", "认真部署工作"])
def test_right_forms_containing_a_wrong_one_are_allowed(scanner: ContentScanner, text: str) -> None:
    assert hits(scanner, text) == {}


def test_variant_form_is_only_suspected(scanner: ContentScanner) -> None:
    assert hits(scanner, "登录帐号")["帐号"][1] is Level.suspect


def test_typo_in_title_counts_and_chrome_does_not(scanner: ContentScanner) -> None:
    html = (
        "<html><head><title>关于再接再励的通知</title></head><body><div class='nav'>默守成规</div>"
        "<div class='content'><p>正文</p></div></body></html>"
    )
    keys = {f.key for f in scanner.scan_page(parse_page(html, URL)).findings}
    assert keys == {"再接再励"}


def test_bad_list_line_names_source_and_line() -> None:
    with pytest.raises(WordingListError, match=r"my.txt 第 2 行"):
        parse_wording_list("甲 乙\n只有一列\n", source="my.txt", subtype="typo", default=Level.general)
