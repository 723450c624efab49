"""``detectors.columns``: link candidates and category guesses, on small pages (pure, no server)."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.config.column_words import ColumnWords, load_column_words
from freshwatch.config.models import Category
from freshwatch.detectors.columns import (
    column_key,
    directory_links,
    guess_category,
    guess_from_title,
    link_candidates,
    propose_columns,
)
from freshwatch.detectors.page import parse_page

HOME = "http://gov.example:8080/"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def words() -> ColumnWords:
    return load_column_words()


def _proposals(body: str, words: ColumnWords) -> dict[str, tuple[str, Category]]:
    page = parse_page(f"<html><body>{body}</body></html>", HOME)
    return {
        p.url: (p.name, p.category) for p in propose_columns(link_candidates(page, words, today=TODAY), words)
    }


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("工作动态", Category.news),
        ("部门动态", Category.news),
        ("要闻", Category.news),
        ("通知公告", Category.notice),
        ("政策文件", Category.policy),
        ("规范性文件", Category.policy),
        ("部门文件", Category.policy),
        ("规划计划", Category.plan),
        ("人事信息", Category.personnel),
        ("政策解读", Category.interpretation),
        ("征求意见", Category.consultation),
        ("机构概况", Category.other),
    ],
)
def test_the_issue_names_map_to_their_categories(name: str, category: Category, words: ColumnWords) -> None:
    assert guess_category(name, words).category is category


def test_a_whole_listed_name_is_surer_than_a_keyword(words: ColumnWords) -> None:
    exact = guess_category("通知公告", words)
    keyword = guess_category("区教育局通知", words)
    assert exact.confidence > keyword.confidence >= words.confidence.keyword_min
    assert keyword.category is Category.notice and keyword.word == "通知"


def test_the_longest_keyword_wins_so_policy_interpretation_is_not_policy(words: ColumnWords) -> None:
    assert guess_category("政策法规解读专栏", words).category is Category.interpretation


def test_a_name_nothing_matches_is_other_with_low_confidence(words: ColumnWords) -> None:
    guess = guess_category("走进青石", words)
    assert (guess.category, guess.word, guess.confidence) == (Category.other, None, words.confidence.unknown)


def test_a_page_title_is_guessed_by_its_most_telling_part(words: ColumnWords) -> None:
    assert guess_from_title("规划计划_临江区人民政府", words).category is Category.plan


def test_a_more_link_takes_the_name_of_its_block_heading(words: ColumnWords) -> None:
    body = (
        '<div class="box"><div class="hd"><h3>通知公告</h3><a href="/tzgg/">更多&gt;&gt;</a></div>'
        '<ul><li><a href="/tzgg/202611/t20261120_1.html">关于做好冬季防火工作的通知</a></li></ul></div>'
    )
    assert _proposals(body, words) == {HOME + "tzgg/": ("通知公告", Category.notice)}


def test_an_image_more_button_takes_the_heading_of_its_table_row(words: ColumnWords) -> None:
    body = (
        '<table><tr><td class="bt">部门动态</td><td><a href="/col/col12/index.html">'
        '<img src="/images/more.gif"></a></td></tr></table>'
    )
    assert _proposals(body, words) == {HOME + "col/col12/index.html": ("部门动态", Category.news)}


def test_article_links_files_chrome_and_other_hosts_are_not_columns(words: ColumnWords) -> None:
    body = (
        '<a href="/">首页</a><a href="/wzdt/">网站地图</a><a href="http://www.gov.cn/">中国政府网</a>'
        '<a href="/gzdt/202611/t20261120_5.html">区长调研</a><a href="/art/2026/11/2/art_12_3.html">春耕</a>'
        '<a href="/files/plan.pdf">规划计划</a><a href="mailto:a@b.cn">联系邮箱</a>'
        '<a href="/show.asp?id=3">关于做好二〇二六年度冬季森林防火和安全生产工作的通知</a>'
    )
    assert _proposals(body, words) == {}


def test_two_spellings_of_one_column_are_proposed_once(words: ColumnWords) -> None:
    body = '<a href="/gzdt/">工作动态</a><a href="/gzdt/index.html">更多</a>'
    assert list(_proposals(body, words)) == [HOME + "gzdt/"]


def test_a_section_holding_two_proposed_columns_is_a_menu_not_a_column(words: ColumnWords) -> None:
    body = '<a href="/xwzx/">新闻中心</a><a href="/xwzx/gzdt/">工作动态</a><a href="/xwzx/tpxw/">图片新闻</a>'
    assert set(_proposals(body, words)) == {HOME + "xwzx/gzdt/", HOME + "xwzx/tpxw/"}


def test_a_script_only_link_is_followed_to_the_page_it_opens(words: ColumnWords) -> None:
    body = """<a href="javascript:;" onclick="location.href='/zjdc/'">征集调查</a>"""
    assert _proposals(body, words) == {HOME + "zjdc/": ("征集调查", Category.consultation)}


def test_a_gkmlpt_category_keeps_its_fragment(words: ColumnWords) -> None:
    body = '<a href="/gkmlpt/index#1201">政策文件</a><a href="/gkmlpt/index#1203">规划计划</a>'
    assert list(_proposals(body, words)) == [HOME + "gkmlpt/index#1201", HOME + "gkmlpt/index#1203"]


def test_the_disclosure_directory_link_is_read_not_proposed(words: ColumnWords) -> None:
    page = parse_page(
        '<body><a href="/xxgk/index.html">政府信息公开</a><a href="/tzgg/">通知公告</a></body>', HOME
    )
    candidates = link_candidates(page, words, today=TODAY)
    assert directory_links(candidates, words) == (HOME + "xxgk/index.html",)
    assert [p.name for p in propose_columns(candidates, words)] == ["通知公告"]


def test_column_keys_equate_index_pages_and_trailing_slashes() -> None:
    assert (
        column_key("http://a.cn/tzgg/")
        == column_key("http://a.cn/tzgg/index.html")
        == column_key("http://a.cn/tzgg")
    )
    assert column_key("http://a.cn/list.asp?lm=3") != column_key("http://a.cn/list.asp?lm=4")


def test_a_subdomain_of_the_site_counts_as_the_site_another_site_does_not(words: ColumnWords) -> None:
    page = parse_page(
        '<body><a href="http://xxgk.lj.gov.cn/zcwj/">政策文件</a><a href="http://www.hz.gov.cn/tzgg/">通知公告</a></body>',
        "http://www.lj.gov.cn/",
    )
    assert [p.url for p in propose_columns(link_candidates(page, words, today=TODAY), words)] == [
        "http://xxgk.lj.gov.cn/zcwj/"
    ]


def test_a_short_title_dated_in_its_row_is_an_article_not_a_column(words: ColumnWords) -> None:
    body = '<ul><li><a href="/show.asp?id=7">区长调研春耕</a><span>11-20</span></li></ul><a href="/bmdt/">部门动态</a>'
    assert list(_proposals(body, words)) == [HOME + "bmdt/"]


@pytest.mark.parametrize("more", ["&gt;&gt;", "+ 更多", "MORE+", "更多 &raquo;", "》"])
def test_a_more_button_is_known_by_its_word_or_its_symbols(words: ColumnWords, more: str) -> None:
    body = f'<table><tr><td class="lm"><b>政策法规</b></td><td><a href="list.asp?lm=5">{more}</a></td></tr></table>'
    assert _proposals(body, words) == {HOME + "list.asp?lm=5": ("政策法规", Category.policy)}
