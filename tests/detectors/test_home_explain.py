"""The home page's newest dated item, and explain's Chinese lines."""

from __future__ import annotations

from datetime import date

from freshwatch.detectors import DateSource, ListVerdict, explain_list, parse_page, read_home
from freshwatch.detectors.types import RejectReason

TODAY = date(2026, 11, 26)
HOME = """<html><head><title>某某市人民政府</title></head><body>
<div class="top">今天是2026年11月26日 星期四</div>
<div class="yw"><h3>要闻</h3><ul><li><a href="/xw/1.html">市政府召开常务会议研究部署重点工作</a><span>11-20</span></li>
<li><a href="/xw/2.html">我市召开安全生产工作推进会议</a><span>11-18</span></li></ul></div>
<div class="tzgg"><ul><li><a href="./tzgg/202611/t20261122_1.html">关于做好冬季供暖工作的通知</a></li></ul></div>
<div class="footer"><a href="http://www.gov.cn/xinwen/2026-11/25/content_1.htm">中国政府网</a> 2026-11-25</div>
</body></html>"""


def test_home_newest_item_ignores_chrome_and_today_widget() -> None:
    reading = read_home(parse_page(HOME, "http://www.example.gov.cn/"), today=TODAY)
    assert reading.verdict is ListVerdict.ok
    assert reading.latest == date(2026, 11, 22)
    assert {i.date_source for i in reading.items} == {DateSource.list_text, DateSource.url}
    assert any(r.reason is RejectReason.today_widget for r in reading.rejected)


def test_home_challenge_page_is_unreadable() -> None:
    html = (
        "<html><head><title>请稍候...</title></head><body><script>$_ts=window['$_ts'];</script></body></html>"
    )
    reading = read_home(parse_page(html, "http://www.example.gov.cn/"), today=TODAY)
    assert reading.verdict is ListVerdict.unreadable and reading.latest is None


def test_explain_lines_speak_chinese_and_show_sources_and_rejections() -> None:
    html = (
        "<html><body><ul class='list'><li><a href='/a/1.html'>关于某某的通知公告第一号</a><span>2027-01-01</span></li>"
        "<li><a href='/a/2.html'>关于某某的通知公告第二号</a><span>2026-11-01</span></li></ul></body></html>"
    )
    explanation = explain_list(parse_page(html, "http://www.example.gov.cn/a/"), today=TODAY)
    text = "\n".join(explanation.lines())
    assert "结论：正常" in text and "最新发布日期：2026-11-01" in text
    assert "来源：列表上的日期" in text and "晚于检查日期" in text
    assert explanation.candidates and explanation.candidates[0].dated_children == 2
