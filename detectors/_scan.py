"""One walk over a parsed page: the text nodes that look like a date field, the links, the comments.

A *date field* is a text node that is mostly a date (``2018-10-12``, ``发布时间：2020.04.22``,
``(10-12)``): the date of one item.  Dates inside running text (snippets, deadlines, titles) and the
"今天是..." widget are not fields; they are kept with the reason so ``explain`` can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from selectolax.lexbor import LexborNode

from detectors.dates import parse_date_text, validate
from detectors.types import DateHit

_SKIP_TEXT_IN = frozenset(
    {"script", "style", "noscript", "textarea", "option", "select", "title", "template"}
)
_LABELS = re.compile(
    r"发布时间|发布日期|更新时间|更新日期|成文日期|发文日期|印发日期|日期|时间|发布|更新|date|time|[\s\[\]()（）【】<>《》:：·|/\-—~,，.。]",
    re.IGNORECASE,
)
_TODAY_WIDGET = re.compile(r"今天是|今日是|今天|今日：")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|礼拜[一二三四五六日天]")
LIST_DEPTH = 12  # levels between a date and its list container worth looking at
MAX_RESIDUE = 12  # characters left once the date and its label are gone: more is running text
MAX_RESIDUE_NO_YEAR = 3  # 10-12 and 4月21日 are fields only when (nearly) bare: in prose they are not dates

_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_CHROME_TOKEN = re.compile(
    r"(?:^|[\s_-])(?:header|head|top|topbar|footer|foot|bottom|nav|navbar|subnav|sidebar|aside|"
    r"breadcrumbs?|crumbs?|position|location|weizhi|dqwz|copyright|banquan|friend|friendlinks?|yqlj|links|"
    r"hot|hotnews|rank|ranking|tuijian|recommend|weather|today|share)(?:$|[\s_-])",
    re.IGNORECASE,
)


def chrome_marker(node: LexborNode) -> str | None:
    """Why ``node`` is page chrome (nav, header, sidebar, footer...), or None."""
    tag = node.tag or ""
    if tag in _CHROME_TAGS:
        return f"<{tag}>"
    attrs = node.attributes
    for key in ("class", "id"):
        value = attrs.get(key)
        if value and _CHROME_TOKEN.search(value):
            return f'{key}="{value}"'
    return None


@dataclass(slots=True)
class DateField:
    """A text node whose text is (mostly) one date."""

    node: LexborNode
    text: str
    hit: DateHit
    ancestors: list[LexborNode] = field(default_factory=list)  # parent first, up to <html>
    ids: list[int] = field(default_factory=list)

    @property
    def chrome(self) -> str | None:
        """Why this field sits in the page chrome (computed on demand: only the home reader asks)."""
        for node in self.ancestors:
            marker = chrome_marker(node)
            if marker:
                return marker
        return None


@dataclass(slots=True)
class NotAField:
    text: str
    reason: str


@dataclass(slots=True)
class Scan:
    fields: list[DateField]
    not_fields: list[NotAField]
    comments: list[str]


def _residue(text: str, hits: list[DateHit]) -> str:
    rest = text
    for hit in reversed(hits):
        rest = rest[: hit.start] + rest[hit.end :]
    return _LABELS.sub("", rest)


_OPEN, _CLOSE = "([（【〔<《", ")]）】〕>》"


def edge_date(text: str, hits: list[DateHit]) -> DateHit | None:
    """A full date set off at the end of a title: ``通知(2026-11-06)``, ``通知 [2026-11-06]``."""
    last = hits[-1]
    if not last.has_year or len(hits) > 2:
        return None
    after = text[last.end :].strip()
    before = text[: last.start].rstrip()
    if after and not (len(after) == 1 and after in _CLOSE):
        return None
    if not before or len(before) < 4:
        return None
    if before[-1] in _OPEN and (after in _CLOSE and after != ""):
        return last
    if text[last.start - 1 : last.start].isspace() and not after:
        return last
    return None


def classify_text(text: str, *, today: date) -> tuple[DateHit | None, list[DateHit], str | None]:
    """(the field's date, all hits, why it is not a field) for one text node."""
    hits = parse_date_text(text, today=today)
    if not hits:
        return None, hits, None
    if _TODAY_WIDGET.search(text):
        return None, hits, "today-is widget"
    residue = _residue(text, hits)
    edge = edge_date(text, hits)
    if edge is not None:
        return edge, hits, None
    if _WEEKDAY.search(residue) and len(_WEEKDAY.sub("", residue)) <= MAX_RESIDUE:
        return None, hits, "today-is widget"
    if len(residue) > (MAX_RESIDUE if hits[0].has_year else MAX_RESIDUE_NO_YEAR):
        return None, hits, "in running text, not a date field"
    return hits[0], hits, None


def fill_ancestors(fld: DateField, depth: int | None = None) -> None:
    """The field's element ancestors, nearest first, up to ``depth`` levels (all when None)."""
    node = fld.node.parent
    left = depth if depth is not None else 10**6
    while node is not None and left > 0 and node.tag not in ("html", "-document"):
        fld.ancestors.append(node)
        fld.ids.append(node.mem_id)
        node = node.parent
        left -= 1


_HAS_DIGIT = re.compile(r"\d|[〇零○]").search
_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_DAY = re.compile(r"^\s*(\d{1,2})\s*日?\s*$")


def _split_date(node: LexborNode, text: str, today: date, depth: int | None) -> DateField | None:
    """Calendar-style date boxes: ``<span>11</span><span>2026-11</span>`` (day and year-month apart)."""
    parent = node.parent
    if parent is None:
        return None
    for sibling in (parent.prev, parent.next):
        while (
            sibling is not None and not sibling.is_element_node and not (sibling.text_content or "").strip()
        ):
            sibling = sibling.prev if sibling is parent.prev else sibling.next
        if sibling is None:
            continue
        day = _DAY.match(sibling.text(deep=True) or "")
        ym = _YEAR_MONTH.match(text)
        if day and ym:
            try:
                value = date(int(ym.group(1)), int(ym.group(2)), int(day.group(1)))
            except ValueError:
                return None
            shown = f"{value.isoformat()}（{day.group(1).strip()} / {text.strip()}）"
            hit = DateHit(value, 0, len(text), shown, True, False, validate(value, today=today))
            fld = DateField(node, text, hit)
            fill_ancestors(fld, depth)
            return fld
    return None


def scan(root: LexborNode | None, *, today: date, depth: int | None = LIST_DEPTH) -> Scan:
    """Walk ``root`` once and sort its dated text into fields and non-fields.

    ``depth`` bounds how far up each field's ancestors are collected: a list container sits a few levels
    above its dates, so the list reader stops early; the home reader asks for the whole chain (chrome).
    """
    result = Scan([], [], [])
    if root is None:
        return result
    for node in root.traverse(include_text=True):
        if node.is_comment_node:
            content = node.comment_content or ""
            if content.count("href") >= 2:
                result.comments.append(content)
            continue
        if not node.is_text_node:
            continue
        text = node.text_content or ""
        if len(text) < 3 or not _HAS_DIGIT(text):
            continue
        parent = node.parent
        if parent is not None and parent.tag in _SKIP_TEXT_IN:
            continue
        if _YEAR_MONTH.match(text):
            split = _split_date(node, text, today, depth)
            if split is not None:
                result.fields.append(split)
                continue
        hit, hits, reason = classify_text(text, today=today)
        if hit is not None and parent is not None and parent.tag == "a" and edge_date(text, hits) is None:
            whole = parent.text(deep=True, separator="", strip=False)
            if len(_residue(whole, parse_date_text(whole, today=today))) > MAX_RESIDUE:
                hit, reason = None, "part of a link's title"
        if hit is not None:
            fld = DateField(node, text, hit)
            fill_ancestors(fld, depth)
            result.fields.append(fld)
        elif reason is not None:
            result.not_fields.append(NotAField(text.strip()[:80], reason))
    return result


def visible_text(root: LexborNode | None) -> str:
    """The text a reader sees: no script, style or template bodies."""
    if root is None:
        return ""
    parts = []
    for node in root.traverse(include_text=True):
        if node.is_text_node:
            parent = node.parent
            if parent is None or parent.tag not in _SKIP_TEXT_IN:
                parts.append((node.text_content or "").strip())
    return "".join(parts)
