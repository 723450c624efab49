"""The whole-page shortcuts of the list reader give exactly what the plain code they replace gives.

Large pages (50-76 KB shells, search pages) made the reader slow in its page-wide steps: script bodies
found by a lazy regex, five searches for pin marks, href unescaping, pager URLs resolved one by one, the
undated reader cutting every candidate.  Each shortcut is checked here against the straightforward form,
on generated inputs and on the corpus, so an edit that breaks an equivalence fails here.
"""

from __future__ import annotations

import random
import re
from datetime import date
from html import unescape

from freshwatch.detectors import _blocks, _pager, _scan, listing
from freshwatch.detectors._scan import may_hold_date, sort_text
from freshwatch.detectors._urls import Resolver
from freshwatch.detectors.dates import bare_date
from freshwatch.detectors.page import Page, parse_page
from tests.corpus import decode, load_corpus

TODAY = date(2026, 11, 26)
_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S | re.I)  # what listing._scripts replaces


def _script_soup(rng: random.Random) -> str:
    atoms = [
        "<script>",
        "<SCRIPT type='x'>",
        "<script",
        "</script>",
        "</SCRIPT>",
        "</scri",
        ">",
        "<",
        "document.write('<li><a href=\"a.html\">t</a></li>');",
        'document.write("<a");',
        "x",
        "\n",
        "<div>",
        "<scriptx>",
        "</script >",
        "\\'",
        "'",
    ]
    return "".join(rng.choice(atoms) for _ in range(rng.randint(0, 12)))


def test_script_spans_are_the_regex_matches() -> None:
    rng = random.Random(4)
    for _ in range(20000):
        html = _script_soup(rng)
        expected = [(m.start(), m.end(), m.group(1)) for m in _SCRIPT.finditer(html)]
        assert list(listing._scripts(html)) == expected, html


def _expand_by_sub(html: str) -> str | None:
    changed = False

    def written(match: re.Match[str]) -> str:
        nonlocal changed
        literals = [m.group(2) for m in listing._WRITE.finditer(match.group(1))]
        text = "".join(listing._JS_ESCAPE.sub(r"\1", lit) for lit in literals)
        if "<a" not in text:
            return match.group(0)
        changed = True
        return text

    expanded = _SCRIPT.sub(written, html)
    return expanded if changed else None


def test_expand_writes_is_the_substitution() -> None:
    rng = random.Random(9)
    for _ in range(20000):
        html = _script_soup(rng)
        assert listing._expand_writes(html) == _expand_by_sub(html), html


def test_href_unescape_is_html_unescape() -> None:
    rng = random.Random(2)
    atoms = ["&amp;", "&", "amp;", "a", ";", "&lt;", "#", "&#38;", " ", "p=2", "&amp", "&ampx;", "&AMP;"]
    for _ in range(50000):
        raw = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 6)))
        assert _pager._unescape(raw) == unescape(raw), raw


def test_sibling_pages_resolve_one_by_one() -> None:
    bases = [
        "http://a.gov.cn/col/col1/index.html",
        "https://a.gov.cn/x/../y/./z/",
        "http://a.gov.cn",
        "http://a.gov.cn:8080/p;q/r.shtml?x=1#f",
        "ftp://h/d/",
        "",
        "index.html",
        "http://a.gov.cn/中文/",
    ]
    for base in bases:
        resolve = Resolver(base).resolve
        for prefix, suffix in (("index", "html"), ("zwgklist", "shtml"), ("列表-1", "htm")):
            for count in (0, 1, 2, 3, 7, 200):
                names = [f"{prefix}_{n}.{suffix}" for n in range(1, count + 1)]
                assert _pager._siblings(resolve, names) == [resolve(n) for n in names], (base, names)


def test_grouped_marks_search_as_any() -> None:
    needles = _pager._CHALLENGES[1][0]
    rng = random.Random(8)
    atoms = [*needles, "验", "证", "安全", "x", "验证码"]
    for _ in range(20000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 4)))
        assert _pager._any_in(text, needles) == any(n in text for n in needles), text


def test_no_pin_mark_means_no_pinned_child() -> None:
    rng = random.Random(6)
    bits = [
        "<li>{}</li>",
        '<li class="{}">x</li>',
        '<li><img src="/i/{}.png"></li>',
        '<li><img alt="{}"></li>',
        '<li><span class="{}">t</span></li>',
        "<li>&#32622;&#39030;{}</li>",
    ]
    words = ["置顶", "zhiding", "ZhiDing", "istop", "is-top", "icon-top", "top", "news", "置", ""]
    for _ in range(3000):
        body = "".join(rng.choice(bits).format(rng.choice(words)) for _ in range(rng.randint(1, 5)))
        container = parse_page(f"<ul>{body}</ul>", "http://a.gov.cn/").tree.css_first("ul")
        assert container is not None
        if not _blocks.shows_pin_mark(container):
            kids = [k for k in _blocks._children(container) if k.is_element_node]
            assert not any(_blocks._pinned(k) for k in kids), body


def test_date_pretest_never_hides_a_date() -> None:
    rng = random.Random(12)
    atoms = [
        "2018",
        "-",
        "/",
        ".",
        "10",
        "12",
        "年",
        "月",
        "日",
        " ",
        "二〇一八",
        "十",
        "（",
        "发布",
        "3",
        "a",
    ]
    for _ in range(30000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 7)))
        if not may_hold_date(text):
            assert sort_text(text, today=TODAY)[1] == [], text


def _most_articles_plainly(page: Page, title: str) -> list[_blocks.RawItem] | None:
    """The undated reader's search as first written: every candidate cut, in page order."""
    assert page.tree.body is not None
    best: tuple[_blocks.Candidate, list[_blocks.RawItem]] | None = None
    chrome: dict[int, str | None] = {}
    for cand in _blocks.anchor_candidates(page.tree.body):
        _blocks.score(cand, title, chrome)
        if cand.notes:
            continue
        raw, _ = _blocks.cut_items(cand, _blocks.may_pin(page.html))
        if _blocks.looks_like_articles(raw, page.url) and (best is None or len(raw) > len(best[1])):
            best = (cand, raw)
    return None if best is None else best[1]


def test_pruned_undated_search_picks_the_same_list() -> None:
    for corpus_page in load_corpus():
        page = parse_page(decode(corpus_page.path), corpus_page.url)
        if page.tree.body is None:
            continue
        title = page.title
        got = listing._most_articles(page, _blocks.anchor_candidates(page.tree.body), title)
        expected = _most_articles_plainly(parse_page(page.html, page.url), title)
        assert (None if got is None else got[1]) == expected, corpus_page.id


def test_a_bare_date_is_never_a_year_month_box() -> None:
    """The scanner reads bare dates before it looks for split ``<span>11</span><span>2026-11</span>`` boxes."""
    rng = random.Random(13)
    atoms = ["2026", "20２６", "11", "1", "-", "/", ".", "年", "月", " ", "[", "(", "）", "\u3000", "05"]
    seen_bare = seen_box = 0
    for _ in range(40000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 6)))
        bare = bare_date(text, TODAY) is not None
        box = _scan._YEAR_MONTH.match(text) is not None
        seen_bare += bare
        seen_box += box
        assert not (bare and box), text
    assert seen_bare and seen_box  # both forms were generated


def _pager_text_plainly(inner: str) -> str | None:
    text = (_pager._TAG.sub("", inner) if "<" in inner or "&" in inner else inner).strip()
    if text.isdigit() or (text[:1] in _pager._NEXT_FIRST and _pager._NEXT_TEXT.match(text)):
        return text
    return None


def test_pager_text_first_character_shortcut() -> None:
    rng = random.Random(21)
    atoms = [
        "<b>",
        "</b>",
        "<",
        ">",
        "&nbsp;",
        "&gt;",
        "&lt;",
        "&amp;",
        "&",
        ";",
        " ",
        "\u3000",
        "2",
        "12",
        "下一页",
        "下页",
        "后一页",
        "next",
        "Next",
        "»",
        "通知",
        "²",
        "①",
        "n",
        '<font color="a>b">',
    ]
    for _ in range(60000):
        inner = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 5)))
        assert _pager._pager_text(inner) == _pager_text_plainly(inner), inner
