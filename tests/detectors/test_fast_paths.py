"""The speed shortcuts in the detectors give exactly what the plain code they replace gives.

Each shortcut (hand-joined URLs, bare-date reading, the "more" tail, script-list marks, links per list
child) is checked against the straightforward form on many generated inputs, so a later edit to either
side that breaks the equivalence fails here rather than as a silently different reading.
"""

from __future__ import annotations

import random
import re
from datetime import date
from urllib.parse import urljoin

from freshwatch.detectors import _blocks, _pager
from freshwatch.detectors._scan import sort_text
from freshwatch.detectors._urls import Resolver
from freshwatch.detectors.dates import bare_date, spell_all, spell_dates
from freshwatch.detectors.page import parse_page

TODAY = date(2026, 11, 26)

_BASES = [
    "http://www.example.gov.cn/col/col123/index.html",
    "https://a.gov.cn/x/y/",
    "http://a.gov.cn",
    "http://a.gov.cn:8080/a/b/c.shtml?x=1#top",
    "http://a.gov.cn/p;params/q",
    "ftp://files.example/dir/",
    "",
]
_HREF_ATOMS = [
    "",
    ".",
    "..",
    "a",
    "t20181012_1.html",
    "中文",
    "x y",
    "%20",
    "a;b",
    "?",
    "#",
    "//",
    "/",
    "&",
    "=",
    "javascript:void(0)",
    "http://h.gov.cn",
    "HTTP://H",
    "\t",
    "\\",
    ":",
    "index_2.html?page=3",
]


def _hrefs(rng: random.Random, count: int) -> list[str]:
    out: list[str] = []
    for _ in range(count):
        parts = [
            rng.choice(_HREF_ATOMS) + rng.choice(["", "/", "./", "../", "?"])
            for _ in range(rng.randint(1, 4))
        ]
        href = "".join(parts)
        out.extend([href, "/" + href, "http://a.gov.cn/" + href])
    return out


def test_resolver_is_urljoin() -> None:
    rng = random.Random(7)
    hrefs = _hrefs(rng, 1500)
    for base in _BASES:
        resolve = Resolver(base).resolve
        for href in hrefs:
            assert resolve(href) == urljoin(base, href), (base, href)


def _bare_texts(rng: random.Random, count: int) -> list[str]:
    pre = ["", " ", "[", " [ ", "(", "（", "【", "\u3000", "\n\t("]
    post = ["", " ", "]", ")", "）", "】", " 10:30", "日", "x"]
    out: list[str] = []
    for _ in range(count):
        sep = rng.choice("-/.")
        full = f"{rng.randint(1985, 2030)}{sep}{rng.randint(0, 13)}{sep}{rng.randint(0, 32)}"
        short = f"{rng.randint(0, 13)}{rng.choice('-/.')}{rng.randint(0, 32)}"
        out.extend(rng.choice(pre) + body + rng.choice(post) for body in (full, short))
    return out


def test_bare_dates_read_as_the_general_reader_does() -> None:
    for text in _bare_texts(random.Random(11), 3000):
        assert spell_dates(text, today=TODAY) == spell_all(text, today=TODAY), text
        bare = bare_date(text, TODAY)
        if bare is not None:  # a bare date is always the field's date, the general rules agree
            index, spelt, reason = sort_text(text, today=TODAY)
            assert (index, spelt, reason) == (0, [bare], None)


def test_strip_more_is_the_tail_regex() -> None:
    tail = re.compile(r"(?:更多|more|MORE)?\s*[>»›+]*$")
    atoms = ["更多", "more", "MORE", "More", " ", "\u3000", ">", "»", "›", "+", "新闻", "\n", "m", "更"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 7))).strip()
        assert _blocks._strip_more(text) == tail.sub("", text), text


def test_js_list_reason_finds_the_regex_match() -> None:
    marks = [*_pager._JS_LIST_MARKS, "x", "(", ".", "/", "fetch", "ajax", "$"]
    rng = random.Random(3)
    for _ in range(5000):
        html = "".join(rng.choice(marks) for _ in range(rng.randint(0, 6)))
        match = _pager._JS_LIST.search(html)
        expected = f"列表由浏览器脚本加载（{match.group(0).rstrip('(')}）" if match else None
        assert _pager.js_list_reason(html) == expected, html


def test_links_by_kid_matches_links_in() -> None:
    html = """<body><ul class="list">
      <li><a href="a.html">one</a><span>2026-11-01</span></li>
      <li><a href="javascript:void(0)">js</a><a href="b.html">two</a></li>
      <a href="javascript:x()">bare link kid</a>
      <li><a>no href</a><a href="">empty</a><a href="#top">hash</a></li>
      <li><div><p><a href="c.html">deep</a></p></div>text<a href="d.html">more</a></li>
    </ul></body>"""
    container = parse_page(html, "http://a.gov.cn/").tree.css_first("ul")
    assert container is not None
    kids = [k for k in _blocks._children(container) if k.is_element_node]
    got = _blocks._links_by_kid(container, kids)
    for kid in kids:
        assert [a.mem_id for a in got[kid.mem_id]] == [a.mem_id for a in _blocks.links_in(kid)]
