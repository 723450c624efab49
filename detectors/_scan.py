"""One walk over a parsed page: the text nodes that look like a date field, the links, the comments.

A *date field* is a text node that is mostly a date (``2018-10-12``, ``发布时间：2020.04.22``,
``(10-12)``): the date of one item.  Dates inside running text (snippets, deadlines, titles) and the
"今天是..." widget are not fields; they are kept with the reason so ``explain`` can show them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from selectolax.lexbor import LexborNode

from freshwatch.detectors.dates import Spelt, bare_date, spell_all, spell_dates, validate
from freshwatch.detectors.types import DateHit, RejectReason
from freshwatch.detectors.vocabulary import (
    CHROME_TAGS,
    CHROME_TOKENS,
    TEXTLESS_TAGS,
    TODAY_WIDGET_WORDS,
    phrase_pattern,
    token_pattern,
)

_SKIP_TEXT_IN = TEXTLESS_TAGS
_LABELS = re.compile(
    r"发布时间|发布日期|更新时间|更新日期|成文日期|发文日期|印发日期|日期|时间|发布|更新|date|time|[\s\[\]()（）【】<>《》:：·|/\-—~,，.。]",
    re.IGNORECASE,
)
_TODAY_WIDGET = phrase_pattern(TODAY_WIDGET_WORDS)
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|礼拜[一二三四五六日天]")
LIST_DEPTH = 12  # levels between a date and its list container worth looking at
MAX_RESIDUE = 12  # characters left once the date and its label are gone: more is running text
MAX_RESIDUE_NO_YEAR = 3  # 10-12 and 4月21日 are fields only when (nearly) bare: in prose they are not dates

_CHROME_TAGS = CHROME_TAGS
_CHROME_TOKEN = token_pattern(CHROME_TOKENS)


def in_chrome(node: LexborNode) -> bool:
    """Whether any ancestor of ``node`` below <body> is page chrome."""
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if chrome_marker(current):
            return True
        current = current.parent
    return False


def chrome_marker(node: LexborNode) -> str | None:
    """Why ``node`` is page chrome (nav, header, sidebar, footer...), or None."""
    tag = node.tag or ""
    if tag in _CHROME_TAGS:
        return f"<{tag}>"
    attrs = node.attrs  # a lazy view: building the full ``attributes`` dict costs twice as much
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
    hit: Spelt  # DateHit-shaped; a tuple is cheaper to build for every date on the page
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
    reason: RejectReason


@dataclass(slots=True)
class Scan:
    fields: list[DateField]
    not_fields: list[NotAField]
    comments: list[str]


Spans = Sequence[Spelt | DateHit]  # both carry start, end and has_year


def _residue(text: str, hits: Spans) -> str:
    rest = text
    for hit in reversed(hits):
        rest = rest[: hit.start] + rest[hit.end :]
    return _LABELS.sub("", rest)


_OPEN, _CLOSE = "([（【〔<《", ")]）】〕>》"


def _is_edge(text: str, hits: Spans) -> bool:
    """Whether the last date is set off at the end of a title: ``通知(2026-11-06)``, ``通知 [2026-11-06]``."""
    last = hits[-1]
    if not last.has_year or len(hits) > 2:
        return False
    after = text[last.end :].strip()
    before = text[: last.start].rstrip()
    if after and not (len(after) == 1 and after in _CLOSE):
        return False
    if not before or len(before) < 4:
        return False
    if before[-1] in _OPEN and (after in _CLOSE and after != ""):
        return True
    return text[last.start - 1 : last.start].isspace() and not after


def sort_text(text: str, *, today: date) -> tuple[int | None, list[Spelt], RejectReason | None]:
    """(which spelt date is the field's, all spelt dates, why it is not a field) for one text node.

    Works on :class:`Spelt` so the scanner builds a :class:`DateHit` only for the dates it keeps.
    """
    bare = bare_date(text, today)
    if bare is not None:  # brackets and blanks around one date: always the field's date (residue "")
        return 0, [bare], None
    return _sort_spelt(text, today)


def _sort_spelt(text: str, today: date) -> tuple[int | None, list[Spelt], RejectReason | None]:
    """:func:`sort_text` for a text :func:`bare_date` has already said no to."""
    spelt = spell_all(text, today=today)
    if not spelt:
        return None, spelt, None
    if _TODAY_WIDGET.search(text):
        return None, spelt, RejectReason.today_widget
    if _is_edge(text, spelt):
        return len(spelt) - 1, spelt, None
    residue = _residue(text, spelt)
    if _WEEKDAY.search(residue) and len(_WEEKDAY.sub("", residue)) <= MAX_RESIDUE:
        return None, spelt, RejectReason.today_widget
    if len(residue) > (MAX_RESIDUE if spelt[0].has_year else MAX_RESIDUE_NO_YEAR):
        return None, spelt, RejectReason.running_text
    return 0, spelt, None


def classify_text(text: str, *, today: date) -> tuple[DateHit | None, list[DateHit], RejectReason | None]:
    """(the field's date, all hits, why it is not a field) for one text node."""
    index, spelt, reason = sort_text(text, today=today)
    hits = [one.hit() for one in spelt]
    return (hits[index] if index is not None else None), hits, reason


_TOP = ("html", "-document")
Chain = tuple[list[LexborNode], list[int]]


def _chain(node: LexborNode | None, memo: dict[int, Chain], depth: int | None) -> Chain:
    """``node`` and its element ancestors (nodes, ids), nearest first, at most ``depth`` of them.

    Memoised per page: the dates of one list share all but a level or two of their ancestors, so each
    element is climbed once, not once per date.  The lists are shared between fields: read-only.
    """
    pending: list[tuple[LexborNode, int]] = []
    nodes: list[LexborNode] = []
    ids: list[int] = []
    while node is not None:
        key = node.mem_id
        known = memo.get(key)
        if known is not None:
            nodes, ids = known
            break
        if node.tag in _TOP:
            break
        pending.append((node, key))
        node = node.parent
    keep = None if depth is None else depth - 1  # the element itself, then at most depth - 1 above it
    for element, key in reversed(pending):
        nodes, ids = [element, *nodes[:keep]], [key, *ids[:keep]]
        memo[key] = (nodes, ids)
    return nodes, ids


def _field(
    node: LexborNode,
    parent: LexborNode | None,
    text: str,
    hit: Spelt,
    depth: int | None,
    memo: dict[int, Chain],
) -> DateField:
    nodes, ids = _chain(parent, memo, depth)
    return DateField(node, text, hit, nodes, ids)


# A necessary condition for any date form of dates.py (and for the split year-month box): two digits
# around a separator, or a CJK year.  Most text nodes fail it, so they never reach the full date parser.
_MAYBE_DATE = re.compile(r"\d\s*[-/.年月]\s*\d|[〇零○Ｏ一二三四五六七八九]年[一二三四五六七八九十]").search
_SEPARATOR = re.compile(r"[-/.年月]").search  # in every match of _MAYBE_DATE, and a charset scans fastest


def may_hold_date(text: str) -> bool:
    """The scanner's pre-test, for other readers of many short texts: False means no date in ``text``."""
    return _MAYBE_DATE(text) is not None


_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_DAY = re.compile(r"^\s*(\d{1,2})\s*日?\s*$")


def _split_date(
    node: LexborNode, text: str, today: date, depth: int | None, memo: dict[int, Chain]
) -> DateField | None:
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
            hit = Spelt(value, 0, len(text), shown, True, False, validate(value, today=today))
            return _field(node, parent, text, hit, depth, memo)
    return None


def scan(root: LexborNode | None, *, today: date, depth: int | None = LIST_DEPTH) -> Scan:
    """Walk ``root`` once and sort its dated text into fields and non-fields.

    ``depth`` bounds how far up each field's ancestors are collected: a list container sits a few levels
    above its dates, so the list reader stops early; the home reader asks for the whole chain (chrome).
    """
    result = Scan([], [], [])
    if root is None:
        return result
    memo: dict[int, Chain] = {}
    # skip_empty: lexbor drops whitespace-only text nodes in C; they could never hold a date anyway
    for node in root.traverse(include_text=True, skip_empty=True):
        text = node.text_content  # None for every node but text: one property read sorts them
        if text is None:
            if node.is_comment_node:
                _keep_comment(node, result)
            continue
        if len(text) < 3 or text.isspace() or not _SEPARATOR(text):
            continue
        parent = node.parent  # script and style bodies go before the date regex: they can be long
        if (parent is not None and parent.tag in _SKIP_TEXT_IN) or not _MAYBE_DATE(text):
            continue
        _sort_text(node, parent, text, today, depth, memo, result)
    return result


def _keep_comment(node: LexborNode, result: Scan) -> None:
    content = node.comment_content or ""
    if content.count("href") >= 2:
        result.comments.append(content)


def _sort_text(
    node: LexborNode,
    parent: LexborNode | None,
    text: str,
    today: date,
    depth: int | None,
    memo: dict[int, Chain],
    result: Scan,
) -> None:
    """One text node that may hold a date: a field, a rejected date with its reason, or nothing."""
    index: int | None
    bare = bare_date(text, today)
    if (
        bare is not None
    ):  # most fields; never a year-month box (that needs a 4-digit number and one separator)
        index, spelt, reason = 0, [bare], None
    else:
        if _YEAR_MONTH.match(text):
            split = _split_date(node, text, today, depth, memo)
            if split is not None:
                result.fields.append(split)
                return
        index, spelt, reason = _sort_spelt(text, today)
    if index is not None and parent is not None and parent.tag == "a" and not _is_edge(text, spelt):
        whole = parent.text(deep=True, separator="", strip=False)
        if len(_residue(whole, spell_dates(whole, today=today))) > MAX_RESIDUE:
            index, reason = None, RejectReason.link_title
    if index is not None:
        result.fields.append(_field(node, parent, text, spelt[index], depth, memo))
    elif reason is not None:
        result.not_fields.append(NotAField(text.strip()[:80], reason))


def visible_text(root: LexborNode | None) -> str:
    """The text a reader sees: no script, style or template bodies."""
    if root is None:
        return ""
    parts = []
    for node in root.traverse(include_text=True, skip_empty=True):  # blank text adds nothing once stripped
        text = node.text_content  # None for every node but text (and for empty text, which adds nothing)
        if text is not None:
            parent = node.parent
            if parent is None or parent.tag not in _SKIP_TEXT_IN:
                parts.append(text.strip())
    return "".join(parts)
