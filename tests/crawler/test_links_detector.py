"""URL normalisation (one spelling per target) and link extraction from a page."""

from __future__ import annotations

import pytest

from freshwatch.detectors.links import extract_links, normalize_url
from freshwatch.detectors.page import parse_page
from freshwatch.detectors.types import LinkKind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Www.Example.GOV.cn:80/a/./b/../c.html#top", "http://www.example.gov.cn/a/c.html"),
        ("https://a.gov.cn:443", "https://a.gov.cn/"),
        ("http://a.gov.cn/x?utm_source=wx&id=3&spm=1.2", "http://a.gov.cn/x?id=3"),
        ("http://a.gov.cn/x?b=2&a=1", "http://a.gov.cn/x?b=2&a=1"),
        ("http://政府.中国/文件.pdf", "http://xn--mxtq1m.xn--fiqs8s/%E6%96%87%E4%BB%B6.pdf"),
        ("http://a.gov.cn/%e6%96%87.pdf", "http://a.gov.cn/%E6%96%87.pdf"),
        ("../up.html", "http://h.gov.cn/d/up.html"),
        ("javascript:void(0)", None),
        ("mailto:a@b.cn", None),
        ("tel:12345", None),
        ("#section", None),
    ],
)
def test_normalize_url(raw: str, expected: str | None) -> None:
    assert normalize_url(raw, "http://h.gov.cn/d/e/index.html") == expected


def test_extract_links_kinds_text_and_skips() -> None:
    page = parse_page(
        "<a href='/a.html'>甲</a><a href='/a.html#x'>甲again</a><a href='/f/x.PDF'>附件</a>"
        "<img src='/i.png' alt='图'><a href='http://other.cn/'>外链</a><a href='javascript:;'>js</a>"
        "<area href='/map.html'><iframe src='/frame.html'></iframe><a href='mailto:x@y'>m</a><a href='/b.html'><img alt='图标'></a>",
        "http://h.gov.cn/",
    )
    links = {link.url: link for link in extract_links(page, site_hosts=frozenset({"h.gov.cn"}))}
    assert list(links) == [
        "http://h.gov.cn/a.html",
        "http://h.gov.cn/f/x.PDF",
        "http://other.cn/",
        "http://h.gov.cn/b.html",
        "http://h.gov.cn/map.html",
        "http://h.gov.cn/i.png",
        "http://h.gov.cn/frame.html",
    ]
    assert links["http://h.gov.cn/a.html"].text == "甲"
    assert links["http://h.gov.cn/f/x.PDF"].kind is LinkKind.attachment
    assert links["http://h.gov.cn/i.png"].kind is LinkKind.image
    assert links["http://other.cn/"].kind is LinkKind.external
    assert links["http://h.gov.cn/b.html"].text == "图标"
