"""Pages that answer 200 but are not the page: soft 404s, the site's own not-found page, bot walls.

A false alarm costs the monitor its credibility, so every rule here asks for strong evidence: a
not-found phrase must dominate a short title segment or a short block (an article *about* missing
pages is not one), and the learnt not-found page must be matched by the text that is its own, not
by the template every page of the site shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from freshwatch.detectors.page import Page

__all__ = [
    "NotFoundPrint",
    "dynamic_probe",
    "learn_not_found",
    "looks_like_challenge",
    "matches_not_found",
    "says_not_found",
    "text_blocks",
    "visible_blocks",
]

_NOT_FOUND = re.compile(
    r"(抱歉[，,！!]?\s*)?(您|你)?(所|要)?(访问|请求|查看|浏览|查找|找)?的?"
    r"(页面|网页|文件|信息|文章|内容|稿件|资源|栏目)(已)?(不存在|未找到|找不到|已?被?删除|已?(经)?过期|已?失效)"
    r"([或及]?(已)?(被)?(删除|移除|更名|转移|过期|下线))?[！!。.]?"
    r"|(找不到|无法找到|未找到)(该|您要|您所)?(访问|请求|查找)?的?(页面|网页|文件|信息|资源)"
    r"|(404|４０４)\s*(not\s*found|错误|页面|error)|(错误|error)\s*(404|４０４)"
    r"|\bpage\s+not\s+found\b|\bnot\s+found\b|\bhttp\s*404\b",
    re.IGNORECASE,
)
_NOT_FOUND_WORDS = re.compile(r"不存在|未找到|找不到|删除|过期|失效|404|４０４|found", re.IGNORECASE)
_BARE_404 = re.compile(r"^\s*(404|４０４)\s*$")  # a title that is only "404"; in a table cell it is a number
_TITLE_SEPARATORS = re.compile(r"\s*[-_|｜—–·:：]+\s*")
_DOMINANCE = 0.5  # the phrase is at least half of the segment or block that carries it
_SHORT_BLOCK = 60  # characters; a sentence inside an article is longer or mixed with other words

_SKIPPED_PARENTS = frozenset({"script", "style", "noscript", "template", "textarea"})
_DIGITS = re.compile(r"\d+")
_NON_LETTERS = re.compile(r"[\s\W_]+")

_CHALLENGE_MARKERS = re.compile(
    r"\$_ts\s*=|\$_ss\s*=|\br=['\"]m['\"]|__jsl_clearance|acw_sc__v2|acw_tc|yunsuo_session|safedog"
    r"|waf_answer|challengeform|id=['\"]challenge|cf-browser-verification|cdn-cgi/challenge"
    r"|_guard/|jschl|请开启\s*javascript|正在(检查|验证)(您的)?浏览器|浏览器安全检查|人机验证|安全验证中",
    re.IGNORECASE,
)
_CHALLENGE_TEXT_LIMIT = 300  # a challenge page shows a line or two, never an article
# A piece of every marker above, lower-cased: one of them is in the lower-cased HTML whenever the
# marker regex matches.  The case-insensitive alternation above costs about 150 ns per character
# of HTML, more than parsing the page; these plain literals, case-sensitive, about a tenth of it.
_CHALLENGE_NEEDLES = (
    "$_ts",
    "$_ss",
    "r='m",
    'r="m',
    "__jsl_clearance",
    "acw_",
    "yunsuo_session",
    "safedog",
    "waf_answer",
    "challenge",
    "cf-browser-verification",
    "_guard/",
    "jschl",
    "请开启",
    "正在",
    "浏览器安全检查",
    "人机验证",
    "安全验证中",
)
_CHALLENGE_HINT = re.compile("|".join(re.escape(needle) for needle in _CHALLENGE_NEEDLES))
# The only characters on which IGNORECASE and str.lower() disagree for the letters above (İ ı ſ K):
# with one of them in the page, the needles prove nothing and the regex decides alone.
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


_ALERT = re.compile(r"""alert\(\s*['"]([^'"]{2,80})['"]""")
_ALERT_PAGE_TEXT = 300  # an alert-and-go-back page shows next to nothing of its own


def says_not_found(page: Page, blocks: Sequence[str] | None = None) -> bool:
    """True when the title or a short, dominant block says the page doesn't exist.

    ``blocks`` (from ``visible_blocks``) saves walking the tree again when the caller has them.
    Dynamic article scripts (``ShowArticle.asp?ArticleID=…``) often answer a missing ID with a bare
    page whose script pops ``alert('该信息不存在或已被删除')`` and goes back: that counts too.
    """
    for segment in _TITLE_SEPARATORS.split(page.title):
        if _dominated(segment) or _BARE_404.match(segment):
            return True
    if "alert(" in page.html:
        shown = visible_blocks(page) if blocks is None else blocks
        if sum(len(b) for b in shown) <= _ALERT_PAGE_TEXT and any(
            _dominated(m.group(1)) for m in _ALERT.finditer(page.html)
        ):
            return True
    short = [
        block for block in (visible_blocks(page) if blocks is None else blocks) if len(block) <= _SHORT_BLOCK
    ]
    if not _NOT_FOUND_WORDS.search("\n".join(short)):
        return False  # one scan for the key words rules out nearly every page
    return any(_dominated(block) for block in short)


def _dominated(text: str) -> bool:
    text = text.strip()
    if not text:
        return False
    matched = sum(len(m.group(0)) for m in _NOT_FOUND.finditer(text))
    if not matched:
        return False
    letters = len(_NON_LETTERS.sub("", text)) or 1
    return matched / letters >= _DOMINANCE


def visible_blocks(page: Page) -> tuple[str, ...]:
    """The page's visible text pieces (script and style left out), whitespace collapsed."""
    body = page.tree.body
    if body is None:
        return ()
    blocks = []
    for node in body.traverse(include_text=True):
        if node.tag != "-text" or node.parent is None or node.parent.tag in _SKIPPED_PARENTS:
            continue
        text = " ".join((node.text_content or "").split())
        if len(text) >= 2:
            blocks.append(text)
    return tuple(blocks)


def text_blocks(page: Page, blocks: Sequence[str] | None = None) -> frozenset[str]:
    """The page's visible text pieces with digits masked, so dates and counters don't differ."""
    return frozenset(
        _DIGITS.sub("0", block) for block in (visible_blocks(page) if blocks is None else blocks)
    )


@dataclass(frozen=True, slots=True)
class NotFoundPrint:
    """What a site shows for a URL that can't exist, minus what its home page shows too."""

    final_url: str
    title: str
    distinct: frozenset[str]  # text of the not-found page that the home page lacks
    chrome: frozenset[str]  # the template text every page carries (from the home page)


def learn_not_found(
    not_found: Page, *, final_url: str, home: Page | None, chrome: frozenset[str] | None = None
) -> NotFoundPrint:
    """``chrome``: the template text when it is known already (instead of reading ``home`` again)."""
    if chrome is None:
        chrome = text_blocks(home) if home is not None else frozenset()
    return NotFoundPrint(
        final_url=final_url,
        title=not_found.title.strip(),
        distinct=text_blocks(not_found) - chrome,
        chrome=chrome,
    )


_MATCH_SHARE = 0.8  # of the not-found page's own blocks present on the candidate
_EXTRA_TEXT = 200  # characters of text of its own a candidate may carry and still be the not-found page


def matches_not_found(page: Page, fingerprint: NotFoundPrint, blocks: Sequence[str] | None = None) -> bool:
    """True when ``page`` is the site's not-found page again (same own text, nothing else)."""
    if not fingerprint.distinct:
        return False  # the site answers unknown URLs with an ordinary page: nothing to tell apart
    masked = text_blocks(page, blocks)
    shared = len(masked & fingerprint.distinct) / len(fingerprint.distinct)
    if shared < _MATCH_SHARE:
        return False
    extra = masked - fingerprint.distinct - fingerprint.chrome
    return sum(len(block) for block in extra) <= _EXTRA_TEXT


def looks_like_challenge(page: Page, blocks: Sequence[str] | None = None) -> bool:
    """A bot wall or WAF challenge: a known challenge marker and almost no visible text."""
    visible = sum(len(block) for block in (visible_blocks(page) if blocks is None else blocks))
    return visible <= _CHALLENGE_TEXT_LIMIT and _has_challenge_marker(page.html)


def _has_challenge_marker(html: str) -> bool:
    if not any(trap in html for trap in _CASE_TRAPS) and _CHALLENGE_HINT.search(html.lower()) is None:
        return False
    return _CHALLENGE_MARKERS.search(html) is not None


_DYNAMIC_SCRIPT = re.compile(r"\.(?:asp|aspx|php|jsp|do|action|cgi)$", re.IGNORECASE)
_ID_PARAM = re.compile(r"^(?:\w*id|id\w*)$", re.IGNORECASE)
IMPOSSIBLE_ID = "987654321"  # an article ID no government CMS has reached


def dynamic_probe(url: str) -> tuple[str, str] | None:
    """For a dynamic article URL (``ShowArticle.asp?ArticleID=12``, ``view.php?id=7``): the script's
    key (its path and ID parameter) and the same URL asking for an ID that cannot exist, whose answer
    is what that script shows for a missing article; None for any other URL."""
    parts = urlsplit(url)
    if not parts.query:
        return None
    params = parse_qsl(parts.query, keep_blank_values=True)
    numeric = [name for name, value in params if value.isdigit() and _ID_PARAM.match(name)]
    if not numeric or not (_DYNAMIC_SCRIPT.search(parts.path) or parts.path.endswith("/")):
        return None
    name = numeric[0]
    swapped = [(k, IMPOSSIBLE_ID if k == name else v) for k, v in params]
    key = f"{parts.scheme}://{parts.netloc}{parts.path}?{name}="
    return key, urlunsplit(parts._replace(query=urlencode(swapped), fragment=""))
