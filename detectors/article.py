"""An article page's publish date, for columns whose list prints none.

The cascade, first answer wins (htmldate's order turned around for government sites, whose meta tags
are often the page's regeneration time):

1. the visible info line: a date field right after 发布时间/发布日期/公开日期 (strong labels), then after a
   bare 日期/时间 label — a label counts only at the start of a phrase, so 招标公告日期：... in the body
   does not;
2. a date field in an element named for it (``id="pubTime"``, ``class="...date"``, ``NewsArticlePubDay``);
3. the meta tags of the 政府网站发展指引 (``PubDate``, ``firstpublishedtime``, ...) and
   ``article:published_time``;
4. the URL (``t20181012_...``, ``/art/2018/10/12/``).

Page chrome (header, footer, sidebars with 留言 dates) is skipped, and every date goes through
:func:`detectors.dates.validate`.
"""

from __future__ import annotations

import re
from datetime import date

from selectolax.lexbor import LexborNode

from freshwatch.detectors._scan import classify_text
from freshwatch.detectors.dates import date_from_url, parse_date_text, validate
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import ArticleDate, DateHit, DateSource, RejectedDate
from freshwatch.detectors.vocabulary import ARTICLE_CHROME_TOKENS, TEXTLESS_TAGS, token_pattern

__all__ = ["read_article_date"]

_STRONG = re.compile(
    r"(?:^|[\s|｜>　\]】)）])(?:发布时间|发布日期|公开日期|发文日期|信息时间|发表时间|上传时间)\s*[:：]?\s*$"
)
_WEAK = re.compile(r"(?:^|[\s|｜>　\]】)）])(?:日期|时间|更新时间|更新日期)\s*[:：]?\s*$")
_NAMED = re.compile(
    r"pub|publish|release|fbsj|fbrq|(?:^|[\s_-])(?:date|time|rq|sj)(?:$|[\s_-])|date$|time$|pubday", re.I
)
_META_NAMES = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "article:published_time",
    "og:release_date",
    "published_time",
    "publish_time",
    "releasedate",
    "dc.date",
    "dcterms.created",
)
_CHROME = token_pattern(ARTICLE_CHROME_TOKENS)
_SKIP = TEXTLESS_TAGS


def read_article_date(page: Page, *, today: date) -> ArticleDate:
    """The article's publish date and where it came from; ``published`` is None when none is plausible."""
    rejected: list[RejectedDate] = []
    for step in (_visible, _metas):
        found = step(page, today, rejected)
        if found is not None:
            return ArticleDate(found[0], found[1], found[2], tuple(rejected))
    from_url = date_from_url(page.url)
    if from_url is not None:
        problem = validate(from_url, today=today)
        if problem is None:
            return ArticleDate(from_url, DateSource.url, page.url, tuple(rejected))
        rejected.append(RejectedDate(page.url, problem))
    return ArticleDate(None, None, None, tuple(rejected))


def _in_chrome(node: LexborNode) -> bool:
    current = node.parent
    for _ in range(12):
        if current is None or current.tag in ("body", "html"):
            return False
        if current.tag in ("footer", "nav", "aside"):
            return True
        attrs = current.attributes
        if any(_CHROME.search(attrs.get(k) or "") for k in ("id", "class")):
            return True
        current = current.parent
    return False


def _named(node: LexborNode) -> bool:
    current = node.parent
    for _ in range(3):
        if current is None:
            return False
        attrs = current.attributes
        if any(_NAMED.search(attrs.get(k) or "") for k in ("id", "class")):
            return True
        current = current.parent
    return False


def _visible(page: Page, today: date, rejected: list[RejectedDate]) -> tuple[date, DateSource, str] | None:
    root = page.tree.body
    if root is None:
        return None
    tail = ""
    weak: tuple[date, DateSource, str] | None = None
    named: tuple[date, DateSource, str] | None = None
    for node in root.traverse(include_text=True):
        if not node.is_text_node:
            continue
        parent = node.parent
        if parent is not None and parent.tag in _SKIP:
            continue
        text = node.text_content or ""
        if not text.strip():
            continue
        hit, _, _ = classify_text(text, today=today)
        if hit is not None and not _in_chrome(node):
            context = (tail + " " + text[: hit.start]).rstrip()[-24:]
            found = _accept(hit, rejected)
            if found is not None:
                if _STRONG.search(context):
                    return found, DateSource.article_text, (context[-6:] + hit.text).strip()
                if weak is None and _WEAK.search(context):
                    weak = (found, DateSource.article_text, (context[-4:] + hit.text).strip())
                elif named is None and _named(node):
                    named = (found, DateSource.article_text, hit.text)
        tail = (tail + " " + text.strip())[-40:]
    return weak or named


def _accept(hit: DateHit, rejected: list[RejectedDate]) -> date | None:
    if hit.ok:
        return hit.value
    rejected.append(hit.rejection())
    return None


def _metas(page: Page, today: date, rejected: list[RejectedDate]) -> tuple[date, DateSource, str] | None:
    found: dict[str, str] = {}
    for meta in page.tree.css("meta[content]"):
        attrs = meta.attributes
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        if key in _META_NAMES and key not in found:
            found[key] = attrs.get("content") or ""
    for key in _META_NAMES:
        content = found.get(key)
        if not content:
            continue
        for hit in parse_date_text(content, today=today)[:1]:
            value = _accept(hit, rejected)
            if value is not None:
                return value, DateSource.article_meta, f'<meta name="{key}" content="{content}">'
    return None
