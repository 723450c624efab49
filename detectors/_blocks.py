"""Find repeated item lists and cut them into items, whatever the markup.

A list is the lowest element whose children hold many date fields (or, for lists without printed
dates, many links): ul/li, table rows, div cards, dl/dt/dd and flat runs (``<p><a/></p><p/><span>date</span>``
repeated) all reduce to "a parent whose children repeat".  Wrapped items (one child per item) and flat
runs (an item spans several siblings) are cut the same way: a new item starts at each child that
carries the item's link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from detectors._scan import DateField, chrome_marker

_MORE = re.compile(r"^(?:更多|更多>>|more|>>|下一页|上一页|首页|尾页|查看更多|更多信息)\W*$", re.IGNORECASE)
_MORE_TAIL = re.compile(r"(?:更多|more|MORE)?\s*[>»›+]*$")
_SIDE_HEADING = re.compile(
    r"热点|推荐|热门|排行|相关|最新动态|最新信息|专题|猜你|点击排行|阅读排行|友情链接|图片新闻"
)
_PINNED = re.compile(r"置顶|zhiding|istop|is-top|icon-top", re.IGNORECASE)
_WS_NL = re.compile(r"\s*\n\s*")
_EDGE = re.compile(r"\s*[(\[（【〔]?\s*\x00\s*[)\]）】〕]?\s*")
_PREFERRED = re.compile(r"发布|公开|更新|上网")
_AVOIDED = re.compile(r"成文|印发|截止|生效|实施|有效|签发|发文|开始|结束")


@dataclass(slots=True)
class Candidate:
    container: LexborNode
    children: dict[int, list[DateField]]  # child mem_id -> fields under it
    score: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RawItem:
    title: str
    href: str
    fields: list[DateField]
    pinned: bool
    hrefs: int


def describe(node: LexborNode) -> str:
    """A short CSS-ish name for explain: ``ul.list``, ``div#content``."""
    attrs = node.attributes
    name = node.tag or "?"
    if attrs.get("id"):
        name += "#" + (attrs["id"] or "")
    elif attrs.get("class"):
        name += "." + ".".join((attrs["class"] or "").split()[:2])
    return name


def path_of(node: LexborNode) -> str:
    parts: list[str] = []
    current: LexborNode | None = node
    while current is not None and current.tag not in ("html", "-document", None) and len(parts) < 4:
        parts.append(describe(current))
        current = current.parent
    return " > ".join(reversed(parts))


def candidates_from_fields(fields: list[DateField]) -> list[Candidate]:
    """Every element with date fields in two or more of its children."""
    by_container: dict[int, Candidate] = {}
    for fld in fields:
        child_id = fld.node.mem_id
        for ancestor, ancestor_id in zip(fld.ancestors, fld.ids, strict=True):
            cand = by_container.get(ancestor_id)
            if cand is None:
                cand = by_container[ancestor_id] = Candidate(ancestor, {})
            cand.children.setdefault(child_id, []).append(fld)
            child_id = ancestor_id
    return [c for c in by_container.values() if len(c.children) >= 2]


def _heading_near(node: LexborNode) -> str:
    """The short heading text just before a list box (热点信息, 推荐阅读 ...)."""
    probe: LexborNode | None = node
    for _ in range(3):
        if probe is None:
            break
        sibling = probe.prev
        steps = 0
        while sibling is not None and steps < 3:
            if sibling.is_element_node:
                text = _MORE_TAIL.sub("", sibling.text(strip=True))
                if text:
                    return text if len(text) <= 12 else ""
            sibling = sibling.prev
            steps += 1
        probe = probe.parent
    return ""


def score(cand: Candidate, page_title: str) -> None:
    """More dated children wins; chrome and side boxes of other columns weigh much less."""
    value = float(len(cand.children))
    node: LexborNode | None = cand.container
    for _ in range(8):
        if node is None or node.tag in ("body", "html"):
            break
        marker = chrome_marker(node)
        if marker:
            value *= 0.25
            cand.notes.append(f"在页面框架内（{marker}）")
            break
        node = node.parent
    heading = _heading_near(cand.container)
    if heading and _SIDE_HEADING.search(heading) and heading not in page_title:
        value *= 0.3
        cand.notes.append(f"侧栏标题“{heading}”")
    cand.score = value


def _clean(text: str) -> str:
    return _WS_NL.sub(" ", text).strip()


def links_in(node: LexborNode) -> list[LexborNode]:
    if node.tag == "a" and node.attributes.get("href"):
        return [node]
    return [a for a in node.css("a[href]") if _usable_href(a.attributes.get("href") or "")]


def _usable_href(href: str) -> bool:
    href = href.strip()
    return bool(href) and not href.startswith(("javascript:", "#", "mailto:"))


def title_of(anchor: LexborNode, fields: list[DateField]) -> str:
    text = anchor.text(deep=True, separator="", strip=False)
    for fld in fields:
        if anchor.mem_id in fld.ids:
            text = _EDGE.sub("", text.replace(fld.hit.text, "\0", 1)) if fld.hit.text in text else text
    text = _clean(text)
    attr_title = _clean(anchor.attributes.get("title") or "")
    if not text or (attr_title and text.rstrip(".…") != text and attr_title.startswith(text.rstrip(".…"))):
        return attr_title or text
    return text


def _segment(
    container: LexborNode, cand_children: dict[int, list[DateField]], links: dict[int, list[LexborNode]]
) -> list[list[LexborNode]]:
    """Children cut into runs, one per item; ``links`` is filled with each child's links."""
    kids = [k for k in _children(container) if k.is_element_node or k.mem_id in cand_children]
    for k in kids:
        links[k.mem_id] = links_in(k) if k.is_element_node else []
    has_link = {k.mem_id: bool(links[k.mem_id]) for k in kids}
    dated = [k for k in kids if k.mem_id in cand_children]
    wrapped = sum(1 for k in dated if has_link[k.mem_id]) * 2 >= len(dated)
    if wrapped:
        return [[k] for k in kids if has_link[k.mem_id] or k.mem_id in cand_children]
    first_link = next((i for i, k in enumerate(kids) if has_link[k.mem_id]), len(kids))
    first_date = next((i for i, k in enumerate(kids) if k.mem_id in cand_children), len(kids))
    date_first = first_date < first_link
    runs: list[list[LexborNode]] = []
    current: list[LexborNode] = []
    seen_link = seen_date = False
    for kid in kids:
        is_link, is_date = has_link[kid.mem_id], kid.mem_id in cand_children
        starts = (is_link and (seen_link or (seen_date and not date_first))) or (
            date_first and is_date and (seen_date or seen_link)
        )
        if starts and current:
            runs.append(current)
            current, seen_link, seen_date = [], False, False
        if is_link or is_date or current:
            current.append(kid)
        seen_link |= is_link
        seen_date |= is_date
    if current:
        runs.append(current)
    return runs


def _children(node: LexborNode) -> list[LexborNode]:
    out: list[LexborNode] = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _pinned(node: LexborNode) -> bool:
    """置顶 items: the word, or a class/icon named for it."""
    if "置顶" in node.text(deep=True):
        return True
    if _PINNED.search(node.attributes.get("class") or ""):
        return True
    return (
        node.css_first('[class*="zhiding"], [class*="istop"], img[src*="zhiding"], img[alt*="置顶"]')
        is not None
    )


def _column_label(fld: DateField, headers: dict[int, list[str]]) -> str:
    """The header of a table cell's column (成文日期 vs 发布日期)."""
    cell = next((a for a in fld.ancestors[:3] if a.tag in ("td", "th")), None)
    table = next((a for a in fld.ancestors[:6] if a.tag == "table"), None)
    if cell is None or table is None:
        return ""
    names = headers.get(table.mem_id)
    if names is None:
        row = table.css_first("thead tr") or table.css_first("tr")
        names = [c.text(strip=True) for c in row.iter() if c.tag in ("th", "td")] if row is not None else []
        headers[table.mem_id] = names
    index = 0
    sibling = cell.prev
    while sibling is not None:
        index += sibling.tag in ("td", "th")
        sibling = sibling.prev
    return names[index] if index < len(names) else ""


def _label_rank(fld: DateField, headers: dict[int, list[str]]) -> int:
    label = fld.text[: fld.hit.start] + " " + _column_label(fld, headers)
    if _PREFERRED.search(label):
        return 0
    return 2 if _AVOIDED.search(label) else 1


def may_pin(html: str) -> bool:
    """Whether any item on the page can be pinned at all (saves a look at every item)."""
    return any(mark in html for mark in ("置顶", "zhiding", "istop", "is-top", "icon-top"))


def cut_items(cand: Candidate, pins: bool = True) -> tuple[list[RawItem], int]:
    """The candidate's items in page order, and how many link boxes were dropped as not-an-item."""
    items: list[RawItem] = []
    dropped = 0
    headers: dict[int, list[str]] = {}
    links: dict[int, list[LexborNode]] = {}
    for run in _segment(cand.container, cand.children, links):
        fields = sorted(
            (f for kid in run for f in cand.children.get(kid.mem_id, [])),
            key=lambda f: (_label_rank(f, headers), not f.hit.has_year),
        )
        anchors = [a for kid in run for a in links[kid.mem_id]]
        hrefs = {(a.attributes.get("href") or "").strip() for a in anchors}
        if len(hrefs) >= 3 and len(fields) != 1:
            dropped += 1  # 相关图片 / 相关公文 boxes: a list inside the list, not one item
            continue
        if not anchors:
            continue
        titled = [(a, title_of(a, fields)) for a in anchors]
        anchor, title = max(titled, key=lambda pair: len(pair[1]))
        if not fields and (len(title) < 4 or _MORE.match(title)):
            continue
        pinned = pins and any(_pinned(kid) for kid in run if kid.is_element_node)
        items.append(
            RawItem(title, (anchor.attributes.get("href") or "").strip(), fields, pinned, len(hrefs))
        )
    return items, dropped


def looks_like_articles(items: list[RawItem], base_url: str) -> bool:
    """Article titles are long and point into the site, unlike menus and friend-link boxes."""
    if len(items) < 3:
        return False
    long_titles = sum(1 for i in items if len(i.title) >= 10)
    host = urlsplit(base_url).netloc
    deep = 0
    for item in items:
        parts = urlsplit(urljoin(base_url, item.href))
        if (not host or parts.netloc == host) and parts.path.strip("/").count("/") >= 1:
            deep += 1
    return long_titles * 3 >= len(items) * 2 and deep * 3 >= len(items) * 2


def anchor_candidates(root: LexborNode) -> list[Candidate]:
    """Lists without printed dates: parents whose children each carry a link."""
    by_container: dict[int, Candidate] = {}
    for anchor in root.css("a[href]"):
        if not _usable_href(anchor.attributes.get("href") or ""):
            continue
        child: LexborNode = anchor
        parent = anchor.parent
        for _ in range(4):
            if parent is None or parent.tag in ("body", "html"):
                break
            cand = by_container.get(parent.mem_id)
            if cand is None:
                cand = by_container[parent.mem_id] = Candidate(parent, {})
            cand.children.setdefault(child.mem_id, [])
            child, parent = parent, parent.parent
    return [c for c in by_container.values() if len(c.children) >= 3]
