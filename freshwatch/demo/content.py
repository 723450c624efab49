"""What each simulated site publishes: columns, items and their dates, attachments, and its broken links.

Everything is drawn from a random generator seeded by the unit id, so every run serves the same
farm.  The timelines are designed against the demo rulebook: every column stays inside its
freshness band all through 2018-Q4 except 区环保分局's 规划计划, whose last update (2017-11-10)
makes exactly one warning on 2018-11-11.  Nothing is dated after the demo day.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, replace
from datetime import date, timedelta

from freshwatch.demo.paths import Paths, paths_for
from freshwatch.demo.units import UnitSpec
from freshwatch.demo.wording import article_title, attachment_name

DEMO_DAY = date(2018, 12, 31)

# (key, column title, category, newest-update window, gap between updates in days, history start)
_COLUMNS: tuple[tuple[str, str, str, tuple[date, date], tuple[int, int], date], ...] = (
    ("news", "工作动态", "news", (date(2018, 12, 24), date(2018, 12, 29)), (3, 9), date(2018, 5, 1)),
    ("notice", "通知公告", "notice", (date(2018, 12, 10), date(2018, 12, 28)), (10, 40), date(2017, 6, 1)),
    ("policy", "部门文件", "policy", (date(2018, 11, 20), date(2018, 12, 26)), (20, 70), date(2016, 6, 1)),
    ("plan", "规划计划", "plan", (date(2018, 10, 15), date(2018, 12, 20)), (60, 150), date(2015, 1, 1)),
)
STALE_PLAN = {"hbfj": date(2017, 11, 10)}  # the notice's red-light unit: one 1-year warning in 2018-Q4

# The kinds of broken link a site can carry, in the order units take them (惠南科技园 takes the first 9).
BROKEN_KINDS = (
    "nav_page",
    "news_article",
    "notice_gone",
    "policy_pdf",
    "home_doc",
    "home_image",
    "plan_article",
    "notice_xls",
    "news_icon",
    "footer_page",
)


@dataclass(frozen=True)
class Attachment:
    path: str
    label: str  # the file name shown to readers
    ext: str


@dataclass(frozen=True)
class Article:
    title: str
    day: date
    path: str  # where the list links: the article page, or the file itself when ``direct``
    status: int = 200  # 404/410: the list links to a page that is gone
    image: str | None = None
    attachments: tuple[Attachment, ...] = ()
    direct: bool = False  # the list links straight to an attachment (common for 文件 and 规划)
    source: str = ""
    words: int = 3


@dataclass(frozen=True)
class ColumnContent:
    key: str
    title: str
    category: str
    list_path: str  # the column's URL path, as registered in the config
    articles: tuple[Article, ...]  # newest first
    pinned: int | None = None  # index of the item shown pinned (置顶) on page 1


@dataclass(frozen=True)
class BrokenSpec:
    kind: str
    path: str
    status: int
    link_kind: str  # page | attachment | image


@dataclass(frozen=True)
class SiteContent:
    unit: UnitSpec
    paths: Paths
    columns: tuple[ColumnContent, ...]
    broken: tuple[BrokenSpec, ...]

    def broken_path(self, kind: str) -> str | None:
        return next((b.path for b in self.broken if b.kind == kind), None)

    def column(self, key: str) -> ColumnContent:
        return next(c for c in self.columns if c.key == key)


def rng_for(unit_id: str, salt: str = "") -> random.Random:
    return random.Random(zlib.crc32(f"{unit_id}/{salt}".encode()))


def timeline(rng: random.Random, newest: tuple[date, date], gaps: tuple[int, int], start: date) -> list[date]:
    """Update days, newest first: the newest inside ``newest``, then steps back of ``gaps`` days."""
    span = (newest[1] - newest[0]).days
    day = newest[0] + timedelta(days=rng.randint(0, span))
    days = []
    while day >= start:
        days.append(day)
        day -= timedelta(days=rng.randint(*gaps))
    return days


def build_site(unit: UnitSpec) -> SiteContent:
    paths = paths_for(unit)
    rng = rng_for(unit.id)
    columns = [_column(unit, paths, rng, spec) for spec in _COLUMNS]
    broken = tuple(_broken_spec(kind, unit, paths) for kind in BROKEN_KINDS[: unit.broken])
    columns = [_apply_broken(column, broken, paths) for column in columns]
    return SiteContent(unit, paths, tuple(columns), broken)


def _column(
    unit: UnitSpec,
    paths: Paths,
    rng: random.Random,
    spec: tuple[str, str, str, tuple[date, date], tuple[int, int], date],
) -> ColumnContent:
    key, title, category, newest, gaps, start = spec
    if key == "plan" and unit.id in STALE_PLAN:
        last = STALE_PLAN[unit.id]
        days = [
            last,
            *timeline(rng, (last - timedelta(days=200), last - timedelta(days=120)), (120, 240), start),
        ]
    else:
        days = timeline(rng, newest, gaps, start)
    articles: list[Article] = []
    for index, day in enumerate(days):
        item_id = 1000 + len(days) - index + 97 * (zlib.crc32(unit.id.encode()) % 900)
        articles.append(_article(unit, paths, rng, key, day, item_id, index, {a.title for a in articles}))
    pinned = 6 if key == "notice" and unit.family == "cards" and len(articles) > 8 else None
    return ColumnContent(key, title, category, paths.column(key), tuple(articles), pinned)


def _article(
    unit: UnitSpec,
    paths: Paths,
    rng: random.Random,
    key: str,
    day: date,
    item_id: int,
    index: int,
    used: set[str],
) -> Article:
    title = article_title(unit, key, day, rng)
    for _ in range(8):  # a column rarely repeats a title; retry a few draws
        if title not in used:
            break
        title = article_title(unit, key, day, rng)
    image = paths.image(key, day, item_id) if rng.random() < (0.5 if key == "news" else 0.15) else None
    chance = {"news": 0.1, "notice": 0.4, "policy": 0.5, "plan": 0.5}[key]
    attachments: list[Attachment] = []
    if rng.random() < chance:
        for n in range(rng.choice((1, 1, 2))):
            ext = rng.choice(("pdf", "doc", "xls", "docx") if key != "news" else ("pdf", "doc"))
            attachments.append(
                Attachment(
                    paths.attachment(key, day, item_id * 10 + n, ext), attachment_name(title, n, ext), ext
                )
            )
    direct = key in ("policy", "plan") and index % 5 == 3 and bool(attachments)
    path = attachments[0].path if direct else paths.article(key, day, item_id)
    source = rng.choice((unit.short, unit.name, f"{unit.short}办公室"))
    return Article(title, day, path, 200, image, tuple(attachments), direct, source, rng.randint(3, 6))


def _broken_spec(kind: str, unit: UnitSpec, paths: Paths) -> BrokenSpec:
    """Where each kind of broken link lives; the path is filled in when the column is built."""
    fixed = {
        "nav_page": (paths.nav_dead, 404, "page"),
        "footer_page": (paths.footer_dead, 404, "page"),
        "home_doc": (paths.download("sqb_2018_old", "doc"), 404, "attachment"),
        "home_image": (paths.banner_dead, 404, "image"),
        "news_icon": (paths.new_icon, 404, "image"),
    }
    if kind in fixed:
        path, status, link_kind = fixed[kind]
        return BrokenSpec(kind, path, status, link_kind)
    return BrokenSpec(
        kind,
        "",
        410 if kind == "notice_gone" else 404,
        "attachment" if kind.endswith(("pdf", "xls")) else "page",
    )


# column key, index on page 1 of the item that breaks, for the column-bound kinds
_TARGETS = {
    "news_article": ("news", 3),
    "notice_gone": ("notice", 2),
    "policy_pdf": ("policy", 1),
    "plan_article": ("plan", 1),
    "notice_xls": ("notice", 4),
}


def _apply_broken(column: ColumnContent, broken: tuple[BrokenSpec, ...], paths: Paths) -> ColumnContent:
    articles = list(column.articles)
    for spec in broken:
        target = _TARGETS.get(spec.kind)
        if target is None or target[0] != column.key:
            continue
        index = target[1]
        article = articles[index]
        if spec.kind in ("policy_pdf", "notice_xls"):
            ext = "pdf" if spec.kind == "policy_pdf" else "xls"
            dead = Attachment(
                paths.attachment(column.key, article.day, 990000 + index, ext),
                attachment_name(article.title, 0, ext),
                ext,
            )
            articles[index] = replace(article, path=dead.path, attachments=(dead,), direct=True, status=404)
        else:
            articles[index] = replace(article, status=spec.status)
    return replace(column, articles=tuple(articles))


def resolved_broken(site: SiteContent) -> tuple[BrokenSpec, ...]:
    """The broken links with the paths of the column-bound ones filled in."""
    out = []
    for spec in site.broken:
        target = _TARGETS.get(spec.kind)
        if target is not None:
            spec = replace(spec, path=site.column(target[0]).articles[target[1]].path)
        out.append(spec)
    return tuple(out)
