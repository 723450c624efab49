"""A page spec turned into entries (the truth) and HTML (what the crawler fetches)."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.corpus._gen import chrome, dates, lists, words
from tests.corpus._gen.lists import Entry

SUMMARY_LEADS = ("为深入贯彻落实上级部署，", "近日，", "根据工作安排，", "为进一步做好相关工作，")


@dataclass(frozen=True)
class Spec:
    id: str
    family: str  # lists.RENDERERS key
    template: str  # the CMS family recorded in the manifest
    path: str  # URL path on 127.0.0.1
    today: date
    col: str  # the column id used in article URLs
    url_kind: str = "trs"
    style: str = "iso"
    variant: str = ""
    n: int = 15
    back: int = -1  # days between the crawl day and the newest item (-1: a seeded pick of 0..20)
    gap: int = 5  # most days between neighbouring items
    kind: str = "notice"
    column: str = "通知公告"
    crumbs: tuple[str, ...] = ("政务公开",)
    encoding: str = "utf-8"  # the codec of the stored bytes
    declared: str | None = "utf-8"  # the charset the page's meta tag claims (None: no meta)
    meta_style: str = "http-equiv"
    bom: bool = False
    skin: str = "div"
    side_first: bool = False  # the sidebar comes before the list in the markup
    widget: str = ""
    sidebars: tuple[str, ...] = ()
    pinned: int = 0
    typo: str = ""  # "year" (year+1) or "swap" (2062 for 2026)
    title_dates: bool = False
    migrated: int = 0  # items whose URL date is later than the shown date (content moved between systems)
    summary_deadline: bool = False  # the newest summary names a later deadline (still before the crawl day)
    gen_meta: bool = False
    last_update: bool = False
    undated: bool = False
    traps: tuple[str, ...] = field(default=())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1{self.path}"


def _rng(spec: Spec) -> random.Random:
    return random.Random(zlib.crc32(spec.id.encode()))


def _days(spec: Spec, rng: random.Random) -> list[date]:
    day = spec.today - timedelta(days=_back(spec))
    out = []
    for _ in range(spec.n):
        out.append(day)
        day -= timedelta(days=rng.choice((0, *range(1, spec.gap + 1))))
    return out


def _back(spec: Spec) -> int:
    return spec.back if spec.back >= 0 else zlib.crc32(spec.id.encode()) % 21


def _typo(d: date, how: str) -> date:
    if how == "swap":  # 2026 typed as 2062
        y = str(d.year)
        return d.replace(year=int(y[:2] + y[3] + y[2]))
    return d.replace(year=d.year + 1)


def entries(spec: Spec) -> list[Entry]:
    rng = _rng(spec)
    days = _days(spec, rng)
    if spec.pinned:
        old = [spec.today - timedelta(days=rng.randint(150, 420)) for _ in range(spec.pinned)]
        days = old + days
    art_id = rng.randint(120000, 990000)
    out: list[Entry] = []
    typo_at = spec.pinned + 1 if spec.typo else -1
    for i, d in enumerate(days):
        art_id -= rng.randint(3, 90)
        this_id = art_id - rng.randint(5000, 60000) if i < spec.pinned else art_id
        dated = spec.title_dates and i in (spec.pinned + 2, spec.pinned + 5)
        title = words.dated_title(rng, spec.kind, d) if dated else words.title(rng, spec.kind, d)
        url_day = d
        if spec.migrated and i >= len(days) - spec.migrated:
            url_day = min(d + timedelta(days=rng.randint(90, 400)), spec.today - timedelta(days=_back(spec)))
        href = dates.article_url(spec.url_kind, url_day, this_id, spec.col)
        shown, counts = dates.show(d, spec.style, i), True
        if i == typo_at:
            shown, counts = dates.show(_typo(d, spec.typo), spec.style, i), False
        summary = f"{rng.choice(SUMMARY_LEADS)}{title[:18]}等有关工作扎实开展。"
        if spec.summary_deadline and i == spec.pinned:
            deadline = min(d + timedelta(days=6), spec.today)
            summary = f"请各单位于{deadline.year}年{deadline.month}月{deadline.day}日前将{title[:10]}材料报送至市政府办公室。"
        out.append(
            Entry(
                title=title,
                href=href,
                day=None if spec.undated else d,
                shown=shown,
                counts=counts,
                pinned=i < spec.pinned,
                summary=summary,
            )
        )
    return out


def expected_dates(items: list[Entry]) -> list[str]:
    return [e.day.isoformat() for e in items if e.day is not None and e.counts]


def _sidebars(spec: Spec, items: list[Entry], rng: random.Random) -> str:
    latest = max((e.day for e in items if e.day and e.counts), default=spec.today - timedelta(days=30))
    return "".join(
        chrome.sidebar(rng, h, min(latest + timedelta(days=1), spec.today), spec.today, rng.randint(5, 8))
        for h in spec.sidebars
    )


def html(spec: Spec) -> str:
    rng = _rng(spec)
    items = entries(spec)
    site = chrome.site_for(rng, spec.column, spec.crumbs)
    main = lists.RENDERERS[spec.family](items, spec.variant, rng)
    side = _sidebars(spec, items, rng)
    head = chrome.head(site, spec.declared, spec.meta_style, spec.today, spec.gen_meta)
    top = chrome.header(site, spec.widget, spec.today) + chrome.nav()
    foot = chrome.footer(site, spec.today, spec.last_update)
    if spec.skin == "table":
        body = (
            f'<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td colspan="2">{top}</td></tr>\n'
            f'<tr><td width="230" valign="top">{side}</td>\n<td valign="top"><table width="100%" border="0">'
            f'<tr><td class="pos" height="27">{chrome.breadcrumb(site)}</td></tr>\n'
            f'<tr><td height="30"><font color="#B80000"><b>{spec.column}</b></font></td></tr>\n'
            f'<tr><td valign="top">{main}</td></tr></table></td></tr>\n'
            f'<tr><td colspan="2">{foot}</td></tr></table>\n'
        )
    else:
        right = (
            f'<div class="main-right"><div class="column-tit"><h2>{spec.column}</h2></div>\n{main}</div>\n'
        )
        left = f'<div class="main-left">{side}</div>'
        inner = left + right if spec.side_first else right + left
        body = f'{top}<div class="container clearfix">{chrome.breadcrumb(site)}{inner}</div>\n{foot}'

    return chrome.wrap(head, body)
