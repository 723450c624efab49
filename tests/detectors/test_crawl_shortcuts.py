"""The crawl's shortcuts give exactly the answers of the slow paths they skip.

``looks_like_challenge`` rules pages out with lower-cased literals before its case-insensitive
regex, and ``extract_links`` remembers root-relative hrefs across a site's pages.  Both are only
allowed to be faster, never different: these tests prove it, partly by brute force over Unicode.
"""

from __future__ import annotations

import random
import re
import string
import sys

from freshwatch.detectors.links import extract_links, normalize_url
from freshwatch.detectors.page import Page, parse_page
from freshwatch.detectors.soft404 import (
    _CASE_TRAPS,
    _CHALLENGE_MARKERS,
    _CHALLENGE_NEEDLES,
    _has_challenge_marker,
    looks_like_challenge,
)

_ALL_CHARACTERS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_lowering_agrees_with_ignorecase_outside_the_traps() -> None:
    """Outside ``_CASE_TRAPS``, a character matches a letter of the markers case-insensitively
    exactly when its lower case is that letter, and lowering never changes a text's length, its
    word characters or its spaces (so ``\\b`` and ``\\s`` read the same positions)."""
    traps = set(_CASE_TRAPS)
    assert {c for c in re.findall("[a-z]", _ALL_CHARACTERS, re.IGNORECASE) if not c.isascii()} <= traps
    word, space = re.compile(r"\w"), re.compile(r"\s")
    for char in _ALL_CHARACTERS:
        lowered = char.lower()
        if lowered == char or char in traps:
            continue
        assert len(lowered) == 1, hex(ord(char))
        assert not (lowered.isascii() and not char.isascii()), hex(ord(char))
        assert bool(word.match(lowered)) == bool(word.match(char)), hex(ord(char))
        assert bool(space.match(lowered)) == bool(space.match(char)), hex(ord(char))


def test_the_markers_other_characters_match_only_themselves() -> None:
    literals = {c for c in _CHALLENGE_MARKERS.pattern if not (c.isascii() and c.isalpha())} - set("\\()|?*[]")
    for literal in literals:
        assert set(re.findall(re.escape(literal), _ALL_CHARACTERS, re.IGNORECASE)) == {literal}
        assert [c for c in _ALL_CHARACTERS if c != literal and c.lower() == literal] == []


def test_every_needle_is_lower_case_and_every_marker_holds_one() -> None:
    assert all(needle == needle.lower() for needle in _CHALLENGE_NEEDLES)
    # one example per alternative of the marker regex, in the case a page might write it
    markers = [
        "$_TS =",
        "$_ss=",
        "R='M'",
        'r="m"',
        "__JSL_CLEARANCE",
        "acw_SC__v2",
        "ACW_TC",
        "Yunsuo_Session",
        "SafeDog",
        "WAF_answer",
        "ChallengeForm",
        "ID='challenge",
        "CF-Browser-Verification",
        "cdn-cgi/Challenge",
        "_GUARD/",
        "JSCHL",
        "请开启 JavaScript",
        "正在验证您的浏览器",
        "浏览器安全检查",
        "人机验证",
        "安全验证中",
    ]
    for marker in markers:
        assert _CHALLENGE_MARKERS.search(marker), marker
        assert _has_challenge_marker(f"<p>{marker}</p>"), marker


def test_random_pages_get_the_regex_verdict() -> None:
    pieces = [
        *_CHALLENGE_NEEDLES,
        "javascript",
        "检查",
        "您的",
        "浏览器",
        "=",
        "'",
        '"',
        " ",
        "\t",
        "m",
        "r",
        "id",
        *_CASE_TRAPS,
        "<div>",
        "正文",
    ]
    rng = random.Random(7)
    hits = 0
    for _ in range(20_000):
        text = "".join(
            rng.choice(pieces) if rng.random() < 0.5 else rng.choice(string.printable)
            for _ in range(rng.randint(1, 12))
        )
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
        expected = _CHALLENGE_MARKERS.search(text) is not None
        hits += expected
        assert _has_challenge_marker(text) is expected, text
    assert 1_000 < hits < 19_000  # both verdicts were exercised


def test_a_trap_character_leaves_the_verdict_to_the_regex() -> None:
    # "ſafedog" matches case-insensitively (ſ is an s), yet its lower case holds no needle
    page = parse_page("<html><body><p>ſafedog</p></body></html>", "http://a.gov.cn/")
    assert "safedog" not in page.html.lower()
    assert looks_like_challenge(page)


def _pages() -> list[Page]:
    nav = '<a href="/">首页</a><a href="/news/">新闻</a><a href="/news/../x/./y.html?utm_source=a&id=1">x</a>'
    odd = '<a href="//b.gov.cn/z">z</a><a href="/\\\\c.gov.cn/q">q</a><a href="/ok%2fa b">s</a>'
    return [
        parse_page(f"<html><body>{nav}{odd}<a href='t{k}.html'>t</a></body></html>", url)
        for k, url in enumerate(
            [
                "http://a.gov.cn/news/index.html",
                "http://a.gov.cn/x/y/z.html",
                "https://a.gov.cn/news/",
                "http://A.gov.cn:80/news/",
                "http://a.gov.cn:8080/n/",
            ]
        )
    ] + [
        parse_page(
            f'<html><head><base href="http://b.gov.cn/d/"></head><body>{nav}</body></html>',
            "http://a.gov.cn/",
        )
    ]


def test_remembered_hrefs_give_the_links_normalize_url_gives() -> None:
    hosts = frozenset({"a.gov.cn", "b.gov.cn"})
    normalized: dict[tuple[str, str], str | None] = {}
    for page in _pages():
        assert extract_links(page, site_hosts=hosts, normalized=normalized) == extract_links(
            page, site_hosts=hosts
        )
    # root-relative hrefs are remembered under the origin, path-relative ones under the folder...
    assert any(href.startswith("/") for _, href in normalized)
    assert any(not href.startswith("/") for _, href in normalized)
    assert not any(href.startswith("//") or "\\" in href for _, href in normalized)
    for (prefix, href), url in normalized.items():  # ...with normalize_url's answer for any page there
        page = prefix + "other.html" if prefix.endswith("/") else prefix + "/any/page.html"
        assert url == normalize_url(href, page)
