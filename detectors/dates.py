"""Dates as Chinese government sites write them, and the one rule that says which ones are plausible.

Extraction and validation are kept apart (htmldate's habit): the pattern steps below only say *what* a
piece of text or URL spells; :func:`validate` alone decides whether such a date can be a publish date
(not after the crawl day, not before :data:`EARLIEST`).  Every step in every detector goes through it, so
``explain`` can always say why a date was dropped.

Forms read in text: ``2018-10-12``, ``2018/10/12``, ``2018.10.12`` (bracketed or not, with or without a
time), ``2018年10月12日``, ``2020 年 4月27日``, ``二〇一八年十月十二日``, and ``10-12`` / ``(10-12)`` / ``10月12日``
without a year (the year is the most recent one that puts the date on or before ``today``; the list
reader corrects it from neighbours).  Forms read in URLs: ``t20181012_123456.html``, ``/art/2018/10/12/``,
``/2018-10/12/``, ``/2018/10/12/`` and ``/20181012/`` folders.
"""

from __future__ import annotations

import re
from datetime import date

from detectors.types import DateHit

__all__ = ["EARLIEST", "date_from_url", "parse_date_text", "validate"]

EARLIEST = date(1990, 1, 1)  # no Chinese government site published before this; older means a typo

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _time(name: str) -> str:
    return rf"(?P<{name}>[\sT-]*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"


_DATE_RE = re.compile(
    r"(?=[\d〇零○Ｏ一二])(?:"  # every form starts with a digit or a CJK year digit: skip other positions fast
    # full numeric: 2018-10-12, 2018/10/12, 2018.10.12
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
    + _time("t1")
    # 2018年10月12日, 2020 年 4月27日
    + r"|(?<!\d)(?P<cy>(?:19|20)\d{2})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})(?!\d)\s*日?"
    + _time("t2")
    # 二〇一八年十月十二日
    + r"|(?P<hy>[〇零○Ｏ一二三四五六七八九]{4})年(?P<hm>[一二三四五六七八九十]{1,2})月(?P<hd>[一二三四五六七八九十]{1,3})日"
    # 10-12, 10/12, (10-12): month-day without a year
    + r"|(?<![\d\-/.:])(?P<sm>\d{1,2})(?P<ssep>[-/.])(?P<sd>\d{1,2})(?![\d\-/.])"
    # 10月12日
    + r"|(?<![\d年])(?P<km>\d{1,2})月(?P<kd>\d{1,2})日"
    + r")"
)
_QUICK = re.compile(r"\d|[〇零○]")

_URL_RES = (
    re.compile(r"[/_]t?((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # t20181012_123456.html
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb art/2018/10/12/art_1_2.html
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # /2018-10/12/ (xinhua, cac, gov.cn)
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # /2018/10/12/
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20181012/
)


def validate(value: date, *, today: date) -> str | None:
    """The one plausibility rule: ``None`` when ``value`` can be a publish date, else why not."""
    if value > today:
        return "after the crawl day"
    if value < EARLIEST:
        return f"before {EARLIEST.isoformat()}"
    return None


def _cn_number(chars: str) -> int:
    """十二 -> 12, 二十 -> 20, 三十一 -> 31, 七 -> 7."""
    if "十" not in chars:
        return _CN_DIGITS[chars]
    tens, _, ones = chars.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _without_year(m: int, d: int, today: date) -> date | None:
    """The most recent (month, day) on or before ``today``: lists show MM-DD only for recent items."""
    year = today.year if (m, d) <= (today.month, today.day) else today.year - 1
    return _make(year, m, d) or _make(year - 1, m, d)  # 02-29 falls back to the last leap year


def _read(match: re.Match[str], today: date) -> tuple[date | None, bool]:
    g = match.groupdict()
    if g["y"]:
        return _make(int(g["y"]), int(g["m"]), int(g["d"])), True
    if g["cy"]:
        return _make(int(g["cy"]), int(g["cm"]), int(g["cd"])), True
    if g["hy"]:
        year = int("".join(str(_CN_DIGITS[c]) for c in g["hy"]))
        return _make(year, _cn_number(g["hm"]), _cn_number(g["hd"])), True
    if g["sm"]:
        if g["ssep"] == "." and len(g["sd"]) == 1:  # 3.5 is a number, not March 5th
            return None, False
        return _without_year(int(g["sm"]), int(g["sd"]), today), False
    return _without_year(int(g["km"]), int(g["kd"]), today), False


def parse_date_text(text: str, *, today: date) -> list[DateHit]:
    """Every calendar date spelt in ``text``, in order; implausible ones carry a ``problem``."""
    if not _QUICK.search(text):
        return []
    hits: list[DateHit] = []
    for match in _DATE_RE.finditer(text):
        value, has_year = _read(match, today)
        if value is None:
            continue
        has_time = bool(match.group("t1") or match.group("t2"))
        problem = validate(value, today=today)
        hits.append(
            DateHit(value, match.start(), match.end(), match.group(0).strip(), has_year, has_time, problem)
        )
    return hits


def date_from_url(url: str) -> date | None:
    """The date a CMS wrote into an article URL, without a plausibility check (callers validate)."""
    for pattern in _URL_RES:
        match = pattern.search(url)
        if match:
            value = _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if value is not None:
                return value
    return None
