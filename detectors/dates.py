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
from typing import NamedTuple

from freshwatch.detectors.types import DateHit, RejectedDate, RejectReason

__all__ = [
    "EARLIEST",
    "Spelt",
    "bare_date",
    "date_from_url",
    "parse_date_text",
    "spell_all",
    "spell_dates",
    "validate",
]

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

_URL_YEAR = re.compile(r"(?:19|20)\d{2}").search
_URL_RES = (
    re.compile(r"[/_]t?((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # t20181012_123456.html
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb art/2018/10/12/art_1_2.html
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # /2018-10/12/ (xinhua, cac, gov.cn)
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # /2018/10/12/
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20181012/
)


def validate(value: date, *, today: date) -> RejectReason | None:
    """The one plausibility rule: ``None`` when ``value`` can be a publish date, else why not."""
    if value > today:
        return RejectReason.after_crawl_day
    if value < EARLIEST:
        return RejectReason.before_earliest
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


class Spelt(NamedTuple):
    """A date as spelt in text, judged by :func:`validate`: a :class:`DateHit` in all but name.

    The list scanner keeps these (a tuple costs a fraction of a frozen dataclass to build, and a list page
    holds dozens of dates); :meth:`hit` gives the public :class:`DateHit` where one is handed out.
    """

    value: date
    start: int
    end: int
    text: str
    has_year: bool
    has_time: bool
    problem: RejectReason | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def hit(self) -> DateHit:
        return DateHit(*self)

    def rejection(self, detail: str = "") -> RejectedDate:
        return self.hit().rejection(detail)


_G = {name: index - 1 for name, index in _DATE_RE.groupindex.items()}  # positions in match.groups()
_Y, _M, _D, _T1 = _G["y"], _G["m"], _G["d"], _G["t1"]
_CY, _CM, _CD, _T2 = _G["cy"], _G["cm"], _G["cd"], _G["t2"]
_HY, _HM, _HD = _G["hy"], _G["hm"], _G["hd"]
_SM, _SSEP, _SD, _KM, _KD = _G["sm"], _G["ssep"], _G["sd"], _G["km"], _G["kd"]


def _read(g: tuple[str | None, ...], today: date) -> tuple[date | None, bool]:
    """The date one match spells; ``g`` is ``match.groups()`` (one tuple, not a dict per match)."""
    if year := g[_Y]:
        return _make(int(year), int(g[_M] or 0), int(g[_D] or 0)), True
    if year := g[_CY]:
        return _make(int(year), int(g[_CM] or 0), int(g[_CD] or 0)), True
    if han := g[_HY]:
        value = int("".join(str(_CN_DIGITS[c]) for c in han))
        return _make(value, _cn_number(g[_HM] or ""), _cn_number(g[_HD] or "")), True
    if month := g[_SM]:
        if g[_SSEP] == "." and len(g[_SD] or "") == 1:  # 3.5 is a number, not March 5th
            return None, False
        return _without_year(int(month), int(g[_SD] or 0), today), False
    return _without_year(int(g[_KM] or 0), int(g[_KD] or 0), today), False


# A text that is nothing but one numeric date, maybe bracketed (``2018-10-12``, ``[2018/10/12]``,
# ``(10-12)``): most date fields of a list.  _DATE_RE reads such a text exactly as these say (one match,
# no time), so the general loop is skipped for them.
_BARE_FULL = re.compile(r"[\s\[(（【]*((?:19|20)[0-9]{2})([-/.])([0-9]{1,2})\2([0-9]{1,2})[\s\])）】]*")
_BARE_SHORT = re.compile(r"[\s\[(（【]*([0-9]{1,2})([-/.])([0-9]{1,2})[\s\])）】]*")


def bare_date(text: str, today: date) -> Spelt | None:
    """The one date of a text that is nothing but a (bracketed) numeric date, else None (read it in full)."""
    full = _BARE_FULL.fullmatch(text)
    if full is not None:
        year, _, month, day = full.groups()
        value = _make(int(year), int(month), int(day))
        start, end, has_year = full.start(1), full.end(4), True
    else:
        short = _BARE_SHORT.fullmatch(text)
        if short is None:
            return None
        month, sep, day = short.groups()
        if sep == "." and len(day) == 1:
            return None
        value = _without_year(int(month), int(day), today)
        start, end, has_year = short.start(1), short.end(3), False
    if value is None:
        return None
    problem = None if EARLIEST <= value <= today else validate(value, today=today)
    return Spelt(value, start, end, text[start:end], has_year, False, problem)


def spell_dates(text: str, *, today: date) -> list[Spelt]:
    """Every calendar date spelt in ``text``, in order; implausible ones carry a ``problem``."""
    bare = bare_date(text, today)
    return [bare] if bare is not None else spell_all(text, today=today)


def spell_all(text: str, *, today: date) -> list[Spelt]:
    """:func:`spell_dates` without the bare-date shortcut (for callers that tried it already)."""
    if not _QUICK.search(text):
        return []
    out: list[Spelt] = []
    for match in _DATE_RE.finditer(text):
        g = match.groups()
        value, has_year = _read(g, today)
        if value is None:
            continue
        problem = None if EARLIEST <= value <= today else validate(value, today=today)
        has_time = bool(g[_T1] or g[_T2])
        out.append(
            Spelt(value, match.start(), match.end(), match.group(0).strip(), has_year, has_time, problem)
        )
    return out


def parse_date_text(text: str, *, today: date) -> list[DateHit]:
    """Every calendar date spelt in ``text``, in order; implausible ones carry a ``problem``."""
    return [spelt.hit() for spelt in spell_dates(text, today=today)]


def date_from_url(url: str) -> date | None:
    """The date a CMS wrote into an article URL, without a plausibility check (callers validate)."""
    if not _URL_YEAR(url):
        return None  # every form below spells a 19xx/20xx year: one search rules all five out
    for pattern in _URL_RES:
        match = pattern.search(url)
        if match:
            value = _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if value is not None:
                return value
    return None
