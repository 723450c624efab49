"""The list reader on small pages, one trap per test."""

from __future__ import annotations

from datetime import date

from freshwatch.config.models import ListOverride
from freshwatch.detectors import (
    ArticleDate,
    DateSource,
    ListVerdict,
    parse_page,
    read_list,
    with_article_dates,
)
from freshwatch.detectors.types import RejectReason

TODAY = date(2026, 11, 26)
URL = "http://www.example.gov.cn/tzgg/index.html"


def _page(main: str, extra: str = "") -> str:
    return f"""<html><head><title>通知公告</title></head><body>
    <div class="header">今天是2026年11月26日 星期四 <a href="/">首页</a></div>
    <div class="nav"><ul><li><a href="/a/">机构概况</a></li><li><a href="/b/">政务公开</a></li></ul></div>
    <div class="main">{main}</div>{extra}
    <div class="footer">版权所有 2006-2026 某某市人民政府 京ICP备12345678号 2026-11-20 更新</div></body></html>"""


def _li(n: int, when: str, extra: str = "") -> str:
    return f'<li{extra}><a href="./2026{n:02d}/t2026_{n}.html">关于做好第{n}项重点工作的通知公告</a><span>{when}</span></li>'


def test_latest_is_the_newest_not_the_first_and_pinned_items_are_marked() -> None:
    rows = _li(1, "2025-01-05", ' class="zhiding"') + "".join(
        _li(n, f"2026-10-{n:02d}") for n in (20, 15, 10)
    )
    reading = read_list(parse_page(_page(f"<ul class='list'>{rows}</ul>"), URL), today=TODAY)
    assert reading.verdict is ListVerdict.ok
    assert [i.pinned for i in reading.items] == [True, False, False, False]
    assert reading.latest == date(2026, 10, 20)


def test_chrome_dates_and_today_widget_are_not_items() -> None:
    reading = read_list(
        parse_page(_page(f"<ul>{_li(1, '2026-03-01')}{_li(2, '2026-02-01')}</ul>"), URL), today=TODAY
    )
    assert [i.published for i in reading.items] == [date(2026, 3, 1), date(2026, 2, 1)]
    assert any(r.reason is RejectReason.today_widget for r in reading.rejected)


def test_sidebar_of_other_columns_loses_to_the_main_list() -> None:
    side = "".join(_li(n, f"2026-11-{n:02d}") for n in range(10, 22))
    main = (
        f"<ul>{_li(1, '2026-05-01')}{_li(2, '2026-04-01')}{_li(3, '2026-03-01')}{_li(4, '2026-02-01')}</ul>"
    )
    aside = f'<div class="box"><h3>热点信息</h3><ul>{side}</ul></div>'
    reading = read_list(parse_page(_page(main, aside), URL), today=TODAY)
    assert reading.latest == date(2026, 5, 1)
    assert len(reading.items) == 4


def test_month_day_lists_cross_new_year() -> None:
    rows = "".join(_li(n, d) for n, d in enumerate(["01-05", "01-02", "12-30", "12-01", "11-20"], 1))
    reading = read_list(parse_page(_page(f"<ul>{rows}</ul>"), URL), today=date(2027, 1, 6))
    assert [i.published for i in reading.items] == [
        date(2027, 1, 5),
        date(2027, 1, 2),
        date(2026, 12, 30),
        date(2026, 12, 1),
        date(2026, 11, 20),
    ]


def test_future_dates_are_rejected_and_recorded() -> None:
    reading = read_list(
        parse_page(_page(f"<ul>{_li(1, '2027-10-01')}{_li(2, '2026-10-01')}</ul>"), URL), today=TODAY
    )
    assert reading.latest == date(2026, 10, 1)
    assert any(r.reason is RejectReason.after_crawl_day for r in reading.rejected)


def test_table_rows_and_dl_lists() -> None:
    rows = "".join(
        f'<tr><td><a href="/x/{n}.html">第{n}号公告关于某某事项</a></td><td>[2026-0{n}-01]</td></tr>'
        for n in range(1, 4)
    )
    reading = read_list(parse_page(_page(f"<table>{rows}</table>"), URL), today=TODAY)
    assert [i.published for i in reading.items] == [date(2026, n, 1) for n in range(1, 4)]
    dl = "".join(
        f'<dt><a href="/y/{n}.html">政策文件第{n}号关于某某</a></dt><dd>2026/0{n}/02</dd>'
        for n in range(1, 4)
    )
    reading = read_list(parse_page(_page(f"<dl>{dl}</dl>"), URL), today=TODAY)
    assert (reading.items[0].title, reading.items[0].published) == ("政策文件第1号关于某某", date(2026, 1, 2))
    assert len(reading.items) == 3


def test_items_without_list_dates_take_the_url_date() -> None:
    rows = "".join(
        f'<li><a href="./2026{m:02d}/t2026{m:02d}15_{m}.html">关于某某工作的第{m}份通知文件</a></li>'
        for m in (9, 8, 7)
    )
    reading = read_list(parse_page(_page(f"<ul class='list'>{rows}</ul>"), URL), today=TODAY)
    assert reading.verdict is ListVerdict.ok
    assert [i.date_source for i in reading.items] == [DateSource.url] * 3
    assert reading.latest == date(2026, 9, 15)


def test_undated_list_then_article_dates_fold_in() -> None:
    rows = "".join(
        f'<li><a href="/zwgk/tzgg/{n}.shtml">关于某某工作的第{n}份通知文件</a></li>' for n in range(1, 5)
    )
    reading = read_list(parse_page(_page(f"<ul class='list'>{rows}</ul>"), URL), today=TODAY)
    assert reading.verdict is ListVerdict.undated and len(reading.items) == 4
    first = reading.items[0].url
    folded = with_article_dates(
        reading, {first: ArticleDate(date(2026, 6, 1), DateSource.article_meta, "PubDate")}
    )
    assert folded.verdict is ListVerdict.ok and folded.latest == date(2026, 6, 1)
    assert with_article_dates(reading, {}).verdict is ListVerdict.undated


def test_blank_and_unreadable() -> None:
    blank = read_list(parse_page(_page("<ul class='list'></ul><p>暂无信息</p>"), URL), today=TODAY)
    assert blank.verdict is ListVerdict.blank and blank.items == ()
    shell = read_list(
        parse_page("<html><body><div id='app'></div><script src='/app.js'></script></body></html>", URL),
        today=TODAY,
    )
    assert shell.verdict is ListVerdict.unreadable and shell.latest is None


def test_pagination_and_endpoints() -> None:
    trs = _page(
        f"<ul>{_li(1, '2026-01-01')}{_li(2, '2026-01-02')}</ul>",
        '<script>createPageHTML(3, 0, "index", "html");</script>',
    )
    reading = read_list(parse_page(trs, URL), today=TODAY)
    assert reading.next_pages == (
        "http://www.example.gov.cn/tzgg/index_1.html",
        "http://www.example.gov.cn/tzgg/index_2.html",
    )
    nxt = _page(f"<ul>{_li(1, '2026-01-01')}{_li(2, '2026-01-02')}</ul>", '<a href="?page=2">下一页</a>')
    assert read_list(parse_page(nxt, URL), today=TODAY).next_pages == (
        "http://www.example.gov.cn/tzgg/index.html?page=2",
    )
    hanweb = _page(
        "<div id='4658'></div>",
        "<script>$('#4658').jpage({perPage:15, proxyUrl:'/module/web/jpage/"
        "dataproxy.jsp?col=1&webid=2&columnid=1234&unitid=5678'});</script>",
    )
    urls = read_list(parse_page(hanweb, "http://x.gov.cn/col/col1234/index.html"), today=TODAY).data_urls
    assert urls == (
        "http://x.gov.cn/module/web/jpage/dataproxy.jsp?col=1&webid=2&columnid=1234&unitid=5678"
        "&startrecord=1&endrecord=45&perpage=15",
    )
    gk = "<html><body><script>var CONFIG = {SID: '755031'};</script><div id='app'></div></body></html>"
    urls = read_list(parse_page(gk, "http://www.huizhou.gov.cn/gkmlpt/index#2596"), today=TODAY).data_urls
    assert urls == ("http://www.huizhou.gov.cn/gkmlpt/api/all/2596?page=1&sid=755031",)


def test_override_selectors_are_used_when_given() -> None:
    html = _page(
        '<div class="x"><p class="it"><a href="/1.html">甲</a><i>2026-02-03</i></p>'
        '<p class="it"><a href="/2.html">乙</a><i>2026-02-01</i></p></div>'
    )
    reading = read_list(parse_page(html, URL), today=TODAY, override=ListOverride(item="p.it", date="i"))
    assert [(i.title, i.published, i.date_source) for i in reading.items] == [
        ("甲", date(2026, 2, 3), DateSource.list_override),
        ("乙", date(2026, 2, 1), DateSource.list_override),
    ]


def test_a_column_with_a_single_item_is_read() -> None:
    reading = read_list(parse_page(_page(f"<ul class='list'>{_li(1, '2026-09-09')}</ul>"), URL), today=TODAY)
    assert reading.verdict is ListVerdict.ok
    assert [(i.title, i.published) for i in reading.items] == [
        ("关于做好第1项重点工作的通知公告", date(2026, 9, 9))
    ]


def test_chinese_numeral_and_bracketed_dates_in_a_list() -> None:
    rows = (
        '<li><a href="/a/1.html">关于某某工作的通知第一份</a>（二〇二六年十月十二日）</li>'
        '<li><a href="/a/2.html">关于某某工作的通知第二份</a>[2026/10/01]</li>'
    )
    reading = read_list(parse_page(_page(f"<ul>{rows}</ul>"), URL), today=TODAY)
    assert [i.published for i in reading.items] == [date(2026, 10, 12), date(2026, 10, 1)]
