"""Soft 404s (phrases and the site's own not-found page), WAF walls, and their look-alikes."""

from __future__ import annotations

import pytest

from freshwatch.crawler.links import learn_site_not_found
from freshwatch.crawler.types import ErrorClass
from freshwatch.detectors.page import parse_page
from freshwatch.detectors.soft404 import (
    learn_not_found,
    looks_like_challenge,
    matches_not_found,
    says_not_found,
)
from freshwatch.detectors.types import LinkKind
from tests.conftest import REALDATA, require_shared
from tests.crawler.conftest import checker_for
from tests.crawler.server import MockServer, Reply, html

pytestmark = pytest.mark.anyio

NAV = "<div class='nav'>首页 机构概况 政务公开 工作动态 通知公告 政策文件 互动交流 办事服务</div>"
FOOT = "<div class='foot'>主办：某市人民政府办公室 ICP备05001234号 网站标识码 4401000001</div>"


def site_page(body: str, title: str = "某市人民政府") -> str:
    return html(NAV + body + FOOT, title)


NOT_FOUND = site_page("<div class='err'><p>很抱歉，系统繁忙或链接已更新</p><p>请返回首页继续浏览</p></div>")
ARTICLE = site_page(
    "<h1>关于做好2026年冬季供暖工作的通知</h1><div class='content'>"
    + "各区县人民政府，市政府各部门：现将有关事项通知如下。" * 20
    + "</div>"
)
LOOKALIKES = {
    "article about missing pages": site_page(
        "<h1>关于开展网站“页面不存在”等问题专项整改的通知</h1><p>"
        + "近期检查发现部分网站存在页面不存在、链接失效等问题，请各单位于12月底前完成整改。" * 5
        + "</p>",
        "关于开展网站页面不存在问题专项整改的通知 - 某市人民政府",
    ),
    "statistics table with 404": site_page(
        "<table><tr><td>投诉件</td><td>404</td></tr><tr><td>办结</td><td>398</td></tr></table>"
    ),
    "blank column": site_page("<ul class='list'></ul><p>暂无信息</p>", "通知公告"),
    "search results page": site_page("<p>共找到 0 条结果，请更换关键词再试。</p>", "站内搜索"),
}


def test_phrase_in_title_or_short_block_is_a_soft_404() -> None:
    assert says_not_found(parse_page(html("<p>x</p>", "404 Not Found"), "http://a/"))
    assert says_not_found(parse_page(site_page("<div>您访问的页面不存在或已被删除！</div>"), "http://a/"))
    assert says_not_found(parse_page(html("<h1>404</h1><p>页面未找到</p>", "提示信息"), "http://a/"))


@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_lookalikes_are_not_soft_404s(name: str) -> None:
    page = parse_page(LOOKALIKES[name], "http://a/x")
    home = parse_page(site_page("<ul><li>首页新闻</li></ul>"), "http://a/")
    fingerprint = learn_not_found(parse_page(NOT_FOUND, "http://a/nf"), final_url="http://a/nf", home=home)
    assert not says_not_found(page)
    assert not matches_not_found(page, fingerprint)
    assert not looks_like_challenge(page)


def test_site_not_found_page_is_matched_by_its_own_text() -> None:
    home = parse_page(site_page("<ul><li>首页新闻</li></ul>"), "http://a/")
    fingerprint = learn_not_found(parse_page(NOT_FOUND, "http://a/nf"), final_url="http://a/nf", home=home)
    assert matches_not_found(
        parse_page(NOT_FOUND.replace("4401000001", "4401000002"), "http://a/y"), fingerprint
    )
    assert not matches_not_found(parse_page(ARTICLE, "http://a/z"), fingerprint)


@pytest.mark.parametrize("name", ["shell_hubei_zscqj_ruishu.html", "shell_yngp_waf_challenge.html"])
def test_real_challenge_pages_are_walls(name: str) -> None:
    path = require_shared(REALDATA / "pages" / name)
    page = parse_page(path.read_bytes().decode("utf-8", "replace"), "http://a/")
    assert looks_like_challenge(page)


def test_real_list_pages_are_not_walls_or_soft_404s() -> None:
    for name in (
        "list_cfda_ylqx_recall_2018.html",
        "list_hzzy_court_sfgk.html",
        "list_chinacdc_trs_search.html",
    ):
        path = require_shared(REALDATA / "pages" / name)
        page = parse_page(path.read_bytes().decode("utf-8", "replace"), "http://a/")
        assert not looks_like_challenge(page), name
        assert not says_not_found(page), name


@pytest.fixture(scope="module")
def soft_site():
    routes: dict = {
        "/": Reply(200, site_page("<ul><li>首页新闻</li></ul>")),
        "/soft404": Reply(200, site_page("<div>您访问的页面不存在或已被删除</div>")),
        "/site-404-lookalike": Reply(200, NOT_FOUND),
        "/article": Reply(200, ARTICLE),
        "/waf": Reply(
            200, "<html><head><script>$_ts=window['$_ts'];eval(x)</script></head><body></body></html>"
        ),
        **{f"/lookalike/{i}": Reply(200, page) for i, page in enumerate(LOOKALIKES.values())},
    }
    with MockServer(routes, fallback=Reply(200, NOT_FOUND)) as srv:
        yield srv


async def test_soft_404_kinds_and_no_false_positives(soft_site: MockServer) -> None:
    async with checker_for(soft_site.origin) as (checker, site, fetcher):
        home = await checker.check(soft_site.url("/"), LinkKind.page, site)
        fingerprint, redirected = await learn_site_not_found(fetcher, site.home, home.page)
        assert fingerprint is not None and not redirected
        site = type(site)(site.home, site.hosts, fingerprint, redirected)
        phrase = await checker.check(soft_site.url("/soft404"), LinkKind.page, site)
        learnt = await checker.check(soft_site.url("/site-404-lookalike"), LinkKind.page, site)
        wall = await checker.check(soft_site.url("/waf"), LinkKind.page, site)
        fine = [
            await checker.check(soft_site.url(p), LinkKind.page, site)
            for p in ["/article", *(f"/lookalike/{i}" for i in range(len(LOOKALIKES)))]
        ]
    assert phrase.error is ErrorClass.soft_404 and learnt.error is ErrorClass.soft_404
    assert wall.error is ErrorClass.blocked and not wall.broken
    assert [r.error for r in fine] == [None] * len(fine)


TEMPLATE_ARTICLE = site_page("<h1></h1><div class='content'></div><p>【打印本页】【关闭窗口】</p>", "文章")


def dynamic_reply(request) -> Reply:  # type: ignore[no-untyped-def]
    """ShowArticle.asp answers every ID with 200: the template alone for an ID it doesn't have."""
    article_id = request.path.rsplit("=", 1)[-1]
    if article_id == "12":
        return Reply(200, ARTICLE)
    return Reply(200, TEMPLATE_ARTICLE)


async def test_a_dynamic_article_url_answering_200_with_its_scripts_missing_page_is_a_soft_404() -> None:
    routes = {
        "/": Reply(200, site_page("<p>首页</p>")),
        "/ShowArticle.asp*": dynamic_reply,
        "/view.php?id=7": Reply(
            200,
            "<html><body><script>alert('该信息不存在或已被删除！');history.go(-1);</script></body></html>",
        ),
    }
    with MockServer(routes) as server:
        async with checker_for(server.origin) as (checker, site, _):
            missing = await checker.check(server.url("/ShowArticle.asp?ArticleID=13"), LinkKind.page, site)
            present = await checker.check(server.url("/ShowArticle.asp?ArticleID=12"), LinkKind.page, site)
            alert = await checker.check(server.url("/view.php?id=7"), LinkKind.page, site)
    assert missing.error is ErrorClass.soft_404 and "ShowArticle.asp?ArticleID=" in missing.detail
    assert present.error is None
    assert alert.error is ErrorClass.soft_404
