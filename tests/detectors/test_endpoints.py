"""List endpoints: Hanweb dataproxy XML and gkmlpt JSON, as their pages' scripts would receive them."""

from __future__ import annotations

import json
from datetime import date

from freshwatch.detectors import DateSource, ListVerdict, parse_page, read_endpoint, read_list
from freshwatch.detectors.types import RejectReason

TODAY = date(2026, 11, 26)
PROXY = "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&columnid=1234"


def _record(n: int, when: str) -> str:
    return (
        f'<record><![CDATA[<li><a href="/art/2026/{n}/1/art_1234_{n}.html" title="第{n}条">关于某某工作的第{n}条通知</a>'
        f"<span>{when}</span></li>]]></record>"
    )


def test_hanweb_dataproxy_records_and_next_group() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>100</totalrecord><recordset>'
        + _record(10, "2026-10-01")
        + _record(9, "2027-01-01")
        + _record(8, "")
        + "</recordset></datastore>"
    )
    reading = read_endpoint(xml, PROXY, today=TODAY)
    assert reading.verdict is ListVerdict.ok
    assert [(i.title, i.published, i.date_source) for i in reading.items] == [
        ("关于某某工作的第10条通知", date(2026, 10, 1), DateSource.api),
        ("关于某某工作的第9条通知", None, None),  # a shown typo (2027) is left out, not replaced by the URL
        ("关于某某工作的第8条通知", date(2026, 8, 1), DateSource.url),
    ]
    assert reading.items[0].url == "http://www.example.gov.cn/art/2026/10/1/art_1234_10.html"
    assert any(r.reason is RejectReason.after_crawl_day for r in reading.rejected)
    assert reading.next_pages == (PROXY.replace("startrecord=1&endrecord=45", "startrecord=46&endrecord=90"),)


def test_hanweb_empty_recordset_is_blank() -> None:
    reading = read_endpoint(
        "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>", PROXY, today=TODAY
    )
    assert reading.verdict is ListVerdict.blank and reading.next_pages == ()


def test_hanweb_datastore_embedded_in_the_page() -> None:
    html = (
        "<html><body><div id='4658'><script type='text/xml'><datastore><recordset>"
        + _record(11, "2026-11-02")
        + _record(10, "2026-10-30")
        + "</recordset></datastore></script></div></body></html>"
    )
    reading = read_list(parse_page(html, "http://www.example.gov.cn/col/col1234/index.html"), today=TODAY)
    assert reading.verdict is ListVerdict.ok and reading.latest == date(2026, 11, 2)


def test_gkmlpt_json_epoch_seconds_in_china_time_and_paging() -> None:
    url = "http://www.huizhou.gov.cn/gkmlpt/api/all/2596?page=1&sid=755031"
    data = {
        "total": 45,
        "page": 1,
        "articles": [
            {
                "title": "惠州市某某规划",
                "url": "http://www.huizhou.gov.cn/gkmlpt/content/5/5000/post_5000001.html",
                "created_at": 1761926400,
                "display_publish_time": 1762102800,
            },  # 2025-11-03 01:00 Beijing = 11-02 17:00 UTC
            {
                "title": "惠州市某某计划",
                "url": "/gkmlpt/content/5/5000/post_5000002.html",
                "created_at": "2025-10-20 09:00:00",
                "display_publish_time": None,
            },
            {"title": "未来日期", "url": "/gkmlpt/content/x.html", "display_publish_time": 1893456000},
        ],
    }
    reading = read_endpoint(json.dumps(data, ensure_ascii=False), url, today=TODAY)
    assert [i.published for i in reading.items] == [date(2025, 11, 3), date(2025, 10, 20), None]
    assert reading.items[1].url == "http://www.huizhou.gov.cn/gkmlpt/content/5/5000/post_5000002.html"
    assert reading.next_pages == ("http://www.huizhou.gov.cn/gkmlpt/api/all/2596?page=2&sid=755031",)
    assert reading.rejected and reading.verdict is ListVerdict.ok


def test_unknown_endpoint_text_is_unreadable() -> None:
    assert read_endpoint("<html>oops</html>", PROXY, today=TODAY).verdict is ListVerdict.unreadable
    assert read_endpoint("{not json", PROXY, today=TODAY).verdict is ListVerdict.unreadable
