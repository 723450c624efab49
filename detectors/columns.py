"""Which links of a home page (or its 信息公开 directory page) are columns, and what kind of column each is.

Pure: a parsed page and the column vocabulary in (``config/column_words.yaml``), frozen values out.  The
shell fetches the pages and then checks each proposed URL with the list reader.

How a column is recognised, without per-site rules:

- every same-site link is a candidate, named by its text, its ``title``, or an image's ``alt``;
- a "more" link (更多, more, >>, an image of the word) takes the name of its block's heading, the way a
  reader pairs 通知公告 with the 更多 beside it;
- links to articles (a date in the URL, a long title), to files, and chrome (首页, 网站地图...) are dropped;
- the same column linked twice (``/tzgg/`` and ``/tzgg/index.html``, nav and 更多) is proposed once, under its
  most telling name; a section whose own URL holds two or more proposed columns (新闻中心 over 工作动态 and
  图片新闻) is a menu, not a column.

The category comes from the name: a whole name listed in the vocabulary, else the longest keyword the name
contains (政策解读 is an interpretation before it is a policy), else ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from freshwatch.config.column_words import ColumnWords
from freshwatch.config.models import Category
from freshwatch.detectors._blocks import links_in
from freshwatch.detectors._scan import chrome_marker
from freshwatch.detectors.dates import date_from_url, parse_date_text
from freshwatch.detectors.links import ATTACHMENT_EXTENSIONS, IMAGE_EXTENSIONS, normalize_url
from freshwatch.detectors.page import Page

__all__ = [
    "CategoryGuess",
    "ColumnProposal",
    "LinkCandidate",
    "column_key",
    "directory_links",
    "guess_category",
    "guess_from_title",
    "link_candidates",
    "propose_columns",
]

_SPACE = re.compile(r"\s+")
_DECORATION = re.compile(r"^[\s·•>»›◆■□●○▪▶►\-|:：\[【“\"']+|[\s·•>»›<«‹\-|:：\]】”\"']+$")
_ARTICLE_PATH = re.compile(r"/(?:art_\d+_\d+|t\d{8}_\d+|content_\d+|post_\d+)\.\w+$|/art/\d{4}/", re.I)
_INDEX_PAGE = re.compile(r"/(?:index|default)(?:_\d+)?\.(?:s?html?|jsp|aspx?|php)$", re.I)
_HEADING_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "em", "p", "div", "td", "th"}
)
_HEADING_CLASS = re.compile(r"tit|title|hd|head|name|bt|lm|column|caption|tab", re.I)
_TITLE_SPLIT = re.compile(r"\s*[-_|｜—–]+\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SCRIPT_TARGET = re.compile(
    r"""(?:location(?:\.href)?\s*=|window\.open\(|location\.assign\()\s*['"]([^'"]+)['"]"""
)


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """A same-site link that might be a column."""

    name: str
    url: str  # absolute, normalised; a numeric fragment is kept (gkmlpt's ``index#CATID``)
    place: str  # nav | more | body | chrome
    found_on: str  # the page the link is on


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    category: Category
    confidence: float  # 0-1
    word: str | None  # the vocabulary entry that decided; None when nothing matched


@dataclass(frozen=True, slots=True)
class ColumnProposal:
    """A column worth registering, before anyone checked that its URL is a list page."""

    name: str
    url: str
    category: Category
    confidence: float
    word: str | None
    place: str
    found_on: str


def guess_category(name: str, words: ColumnWords) -> CategoryGuess:
    """The category a column's name tells, and how sure the name is about it."""
    name = _clean(name)
    sure = words.confidence
    for category, entry in words.categories.items():
        if name in entry.names:
            return CategoryGuess(category, sure.exact, name)
    best: tuple[int, int, Category, str] | None = None  # (length, -order, category, keyword)
    for order, (category, entry) in enumerate(words.categories.items()):
        for keyword in entry.keywords:
            if keyword and keyword in name:
                key = (len(keyword), -order, category, keyword)
                if best is None or key[:2] > best[:2]:
                    best = key
    if best is None:
        return CategoryGuess(Category.other, sure.unknown, None)
    length, _, category, keyword = best
    share = min(1.0, length / max(len(name), 1))
    confidence = sure.keyword_min + (sure.keyword_max - sure.keyword_min) * share
    return CategoryGuess(category, round(confidence, 2), keyword)


def guess_from_title(title: str, words: ColumnWords) -> CategoryGuess:
    """The surest guess among the parts of a page title (``通知公告_临江市人民政府``)."""
    parts = [p for p in _TITLE_SPLIT.split(title) if p] or [title]
    guesses = [guess_category(part, words) for part in parts]
    return max(guesses, key=lambda g: (g.word is not None, g.confidence))


def link_candidates(page: Page, words: ColumnWords, *, today: date) -> tuple[LinkCandidate, ...]:
    """Every same-site link of ``page`` that could be a column, named as a reader would name it.

    A link whose own row carries a date (``<li><a>…</a><span>10-27</span></li>``) is an article, whatever
    its URL looks like; ``today`` only serves the date reader.
    """
    root = page.tree.body
    if root is None:
        return ()
    site = _site_of(page.url)
    out: list[LinkCandidate] = []
    for anchor in root.css("a[href], a[onclick]"):
        url = _column_url(_target(anchor), page.url)
        if url is None or _site_of(url) != site or _not_a_column_url(url):
            continue
        shown = anchor.text(deep=True, separator="", strip=True)
        text = _anchor_text(anchor)
        place = _place(anchor)
        if _says_more(shown, words) or _is_more_image(anchor):
            text = _block_heading(anchor, words)
            place = "more"
        elif not _column_like(text, words) or _dated_row(anchor, shown, today):
            continue
        if not _column_like(text, words):
            continue
        out.append(LinkCandidate(text, url, place, page.url))
    return tuple(out)


def directory_links(candidates: tuple[LinkCandidate, ...], words: ColumnWords) -> tuple[str, ...]:
    """URLs of the 信息公开 / 政务公开 directory pages the candidates point to, in page order."""
    return tuple(dict.fromkeys(c.url for c in candidates if c.name in words.directory_names))


def column_key(url: str) -> str:
    """One key for the spellings of one column URL: ``/tzgg/``, ``/tzgg/index.html``, ``/tzgg``."""
    base, _, fragment = url.partition("#")
    parts = urlsplit(base)
    path = _INDEX_PAGE.sub("/", parts.path).rstrip("/") or "/"
    key = f"{parts.netloc}{path}" + (f"?{parts.query}" if parts.query else "")
    return key + (f"#{fragment}" if fragment else "")


def propose_columns(candidates: tuple[LinkCandidate, ...], words: ColumnWords) -> tuple[ColumnProposal, ...]:
    """One proposal per distinct column URL, in the order the columns first appear."""
    groups: dict[str, list[LinkCandidate]] = {}
    for cand in candidates:
        if cand.name in words.directory_names:
            continue
        groups.setdefault(column_key(cand.url), []).append(cand)
    proposals = [_proposal(group, words) for group in groups.values()]
    keys = [column_key(p.url) for p in proposals]
    return tuple(p for p, key in zip(proposals, keys, strict=True) if not _is_section(key, keys))


def _proposal(group: list[LinkCandidate], words: ColumnWords) -> ColumnProposal:
    def rank(cand: LinkCandidate) -> tuple[bool, float, int]:
        guess = guess_category(cand.name, words)
        return guess.word is not None, guess.confidence, -len(cand.name)

    best = max(group, key=rank)
    guess = guess_category(best.name, words)
    first = group[0]
    place = "more" if any(c.place == "more" for c in group) else best.place
    return ColumnProposal(
        best.name, first.url, guess.category, guess.confidence, guess.word, place, first.found_on
    )


def _is_section(key: str, keys: list[str]) -> bool:
    """A URL that holds two or more other proposed columns below it is a menu of columns."""
    if "#" in key or "?" in key:
        return False
    prefix = key.rstrip("/") + "/"
    return sum(1 for other in keys if other != key and other.startswith(prefix)) >= 2


def _column_url(href: str, base: str) -> str | None:
    url = normalize_url(href, base)
    if url is None:
        return None
    fragment = urlsplit(urljoin(base, href.strip())).fragment
    return f"{url}#{fragment}" if fragment.isdigit() else url


_IP = re.compile(r"^[\d.]+$|^\[")
_SECOND_LEVEL = frozenset({"gov", "com", "edu", "org", "net", "ac"})


def _site_of(url: str) -> str:
    """The site a URL belongs to: ``xxgk.lj.gov.cn`` and ``www.lj.gov.cn`` are one site (``lj.gov.cn``).

    An IP address or a single-label host is its own site, port included (a test farm runs one site a port).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    labels = host.split(".")
    if _IP.match(host) or len(labels) < 2:
        return parts.netloc.lower()
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _target(anchor: LexborNode) -> str:
    """The link's href, or the page a script-only link opens (``onclick="location.href='/zjdc/'"``)."""
    href = (anchor.attributes.get("href") or "").strip()
    if href and not href.lower().startswith("javascript") and href != "#":
        return href
    opened = _SCRIPT_TARGET.search(anchor.attributes.get("onclick") or "")
    return opened.group(1) if opened else ""


def _not_a_column_url(url: str) -> bool:
    path = urlsplit(url).path
    extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if extension in ATTACHMENT_EXTENSIONS or extension in IMAGE_EXTENSIONS:
        return True
    return bool(_ARTICLE_PATH.search(path)) or date_from_url(url) is not None


def _clean(text: str) -> str:
    return _DECORATION.sub("", _SPACE.sub("", text))


def _anchor_text(anchor: LexborNode) -> str:
    text = _clean(anchor.text(deep=True, separator="", strip=True))
    if text:
        return text
    title = _clean(anchor.attributes.get("title") or "")
    if title:
        return title
    image = anchor.css_first("img[alt]")
    return _clean(image.attributes.get("alt") or "") if image is not None else ""


_NOT_A_WORD = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "dl", "p", "div", "td", "span"})
_ROW_LENGTH = 120  # characters: a list item's row, not a whole block of items


def _dated_row(anchor: LexborNode, shown: str, today: date) -> bool:
    """Whether the anchor's row (its parent or grandparent, holding no other link) shows a date: a list item."""
    for row in _ancestors(anchor, 2):
        if row.tag not in _ROW_TAGS:
            continue
        if len({a.attrs.get("href") for a in links_in(row)}) > 1:
            return False  # a block of several links: the date belongs to one of the others
        rest = row.text(deep=True, separator=" ", strip=True).replace(shown, " ", 1)
        if len(rest) <= _ROW_LENGTH and parse_date_text(rest, today=today):
            return True
    return False


def _says_more(text: str, words: ColumnWords) -> bool:
    """更多, 更多>>, + 更多, MORE+, >>, 》: a "more" word once the symbols around it are gone, or symbols alone."""
    if not text:
        return False
    bare = _NOT_A_WORD.sub("", text).lower()
    return not bare or bare in {_NOT_A_WORD.sub("", m).lower() for m in words.more_names}


def _is_more_image(anchor: LexborNode) -> bool:
    if anchor.text(strip=True):
        return False
    image = anchor.css_first("img")
    if image is None:
        return False
    source = (image.attributes.get("src") or "") + " " + (image.attributes.get("alt") or "")
    return "more" in source.lower() or "更多" in source


def _place(anchor: LexborNode) -> str:
    current = anchor.parent
    while current is not None and current.tag not in ("body", "html"):
        marker = chrome_marker(current)
        if marker:
            return "nav" if "nav" in marker.lower() or "menu" in marker.lower() else "chrome"
        current = current.parent
    return "body"


def _column_like(text: str, words: ColumnWords) -> bool:
    size = words.name_length
    if not (size.min <= len(text) <= size.max) or text in words.skip_names:
        return False
    return len(_CJK.findall(text)) * 2 >= len(text)


def _block_heading(anchor: LexborNode, words: ColumnWords) -> str:
    """The heading of the block a "more" link closes: the nearest short text before it, going outwards."""
    child = anchor
    for container in _ancestors(anchor, 4):
        found = _heading_before(container, child, words)
        if found:
            return found
        child = container
    return ""


def _ancestors(node: LexborNode, limit: int) -> list[LexborNode]:
    out: list[LexborNode] = []
    current = node.parent
    while current is not None and current.tag not in ("body", "html") and len(out) < limit:
        out.append(current)
        current = current.parent
    return out


def _heading_before(container: LexborNode, stop: LexborNode, words: ColumnWords) -> str:
    """The nearest heading-like short text inside ``container`` before ``stop``.

    Real headings (h1-h6, strong, a ``tit``/``hd`` class) win over plain links: a block's last item
    may be a short link right above its 更多.
    """
    around = {node.mem_id for node in _ancestors(stop, 64)}
    heading, link = "", ""
    for node in container.traverse():
        if node.mem_id == stop.mem_id:
            break
        if node.mem_id in around or (node.tag not in _HEADING_TAGS and node.tag != "a"):
            continue
        is_heading = _heading_like(node)
        if node.tag != "a" and not is_heading:
            continue
        text = _clean(node.text(deep=True, separator="", strip=True))
        if not _column_like(text, words) or _says_more(text, words):
            continue
        if is_heading:
            heading = text
        else:
            link = text
    return heading or link


def _heading_like(node: LexborNode) -> bool:
    if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th"):
        return True
    name = (node.attributes.get("class") or "") + " " + (node.attributes.get("id") or "")
    if _HEADING_CLASS.search(name):
        return True
    return node.tag in ("span", "em") and node.child is not None and node.child.tag == "-text"
