"""Find repeated item lists and cut them into items, whatever the markup.

A list is the lowest element whose children hold many date fields (or, for lists without printed
dates, many links): ul/li, table rows, div cards, dl/dt/dd and flat runs (``<p><a/></p><p/><span>date</span>``
repeated) all reduce to "a parent whose children repeat".  Wrapped items (one child per item) and flat
runs (an item spans several siblings) are cut the same way: a new item starts at each child that
carries the item's link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from freshwatch.detectors._scan import DateField, chrome_marker
from freshwatch.detectors._urls import Resolver
from freshwatch.detectors.vocabulary import MORE_LINK_TEXTS, PIN_MARKS, SIDE_HEADINGS, phrase_pattern

_MORE = re.compile(rf"^(?:{phrase_pattern(MORE_LINK_TEXTS).pattern})\W*$", re.IGNORECASE)
_SIDE_HEADING = phrase_pattern(SIDE_HEADINGS)
_PINNED = phrase_pattern(PIN_MARKS, flags=re.IGNORECASE)
_PIN_SELECTOR = '[class*="zhiding"], [class*="istop"], img[src*="zhiding"], img[alt*="置顶"]'
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
    """Every element with date fields in two or more of its children (in the order first met)."""
    children_of: dict[int, dict[int, list[DateField]]] = {}
    nodes: dict[int, LexborNode] = {}
    for fld in fields:  # a dozen levels per date: the loop body stays minimal
        child_id = fld.node.mem_id
        ancestors = fld.ancestors
        for level, ancestor_id in enumerate(fld.ids):
            kids = children_of.get(ancestor_id)
            if kids is None:
                children_of[ancestor_id] = {child_id: [fld]}
                nodes[ancestor_id] = ancestors[level]
            else:
                held = kids.get(child_id)
                if held is None:
                    kids[child_id] = [fld]
                else:
                    held.append(fld)
            child_id = ancestor_id
    return [Candidate(nodes[key], kids) for key, kids in children_of.items() if len(kids) >= 2]


def _strip_more(text: str) -> str:
    r"""``text`` without its "more" tail: ``re.sub(r"(?:更多|more|MORE)?\s*[>»›+]*$", "", text)`` for stripped
    text, without running a ``$``-anchored regex from every position of what may be a whole sidebar."""
    core = text.rstrip(">»›+").rstrip()
    for word in ("更多", "more", "MORE"):
        if core.endswith(word):
            return core[: -len(word)]
    return core


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
                text = _strip_more(sibling.text(strip=True))
                if text:
                    return text if len(text) <= 12 else ""
            sibling = sibling.prev
            steps += 1
        probe = probe.parent
    return ""


def score(cand: Candidate, page_title: str, chrome: dict[int, str | None] | None = None) -> None:
    """More dated children wins; chrome and side boxes of other columns weigh much less.

    ``chrome`` memoises :func:`chrome_marker` by element across the candidates of one page.
    """
    value = float(len(cand.children))
    node: LexborNode | None = cand.container
    for _ in range(8):
        if node is None or node.tag in ("body", "html"):
            break
        if chrome is None:
            marker = chrome_marker(node)
        else:
            key = node.mem_id
            if key in chrome:
                marker = chrome[key]
            else:
                marker = chrome[key] = chrome_marker(node)
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
    return _WS_NL.sub(" ", text).strip() if "\n" in text else text.strip()


def links_in(node: LexborNode, *, dead: bool = False) -> list[LexborNode]:
    """The usable links under ``node``, in page order (a walk: a CSS query per node costs ten times more).

    ``dead``: also title links that lead nowhere (``javascript:;``, ``#``, an empty href): in a dated
    list such a row is still an item, dated and counted, kept without a URL.
    """
    if node.tag == "a" and node.attrs.get("href"):
        return [node]
    if dead:
        return [a for a in node.traverse() if a.tag == "a" and _title_link(a)]
    return [a for a in node.traverse() if a.tag == "a" and _usable_href(a.attrs.get("href") or "")]


def _usable_href(href: str) -> bool:
    href = href.strip()
    return bool(href) and not href.startswith(("javascript:", "#", "mailto:"))


def _title_link(anchor: LexborNode) -> bool:
    """A link a row's title may sit on: a usable href, or one that leads nowhere (not a mail link)."""
    attrs = anchor.attrs
    if "href" not in attrs and "onclick" not in attrs:
        return False
    return not (attrs.get("href") or "").strip().lower().startswith("mailto:")


def item_href(href: str) -> str:
    """The href an item keeps: its own, or "" for one that leads nowhere."""
    return href if _usable_href(href) else ""


def title_of(anchor: LexborNode, fields: list[DateField]) -> str:
    text = anchor.text(deep=True, separator="", strip=False)
    anchor_id = anchor.mem_id
    for fld in fields:
        if anchor_id in fld.ids:
            text = _EDGE.sub("", text.replace(fld.hit.text, "\0", 1)) if fld.hit.text in text else text
    text = _clean(text)
    if text and text.rstrip(".…") == text:
        return text  # not cut short: the title attribute can't do better (and is not read)
    attr_title = _clean(anchor.attrs.get("title") or "")
    if not text or (attr_title and attr_title.startswith(text.rstrip(".…"))):
        return attr_title or text
    return text


def _segment(
    container: LexborNode,
    cand_children: dict[int, list[DateField]],
    links: dict[int, list[LexborNode]],
    dead: bool = False,
) -> tuple[list[list[int]], dict[int, LexborNode]]:
    """Children cut into runs (of child ids), one per item, and the children by id; ``links`` is filled
    with each child's links.  Ids are read once: every ``mem_id`` read builds a value in the binding."""
    kids: dict[int, LexborNode] = {}
    for kid in _children(container):
        kid_id = kid.mem_id
        if kid_id in cand_children or kid.is_element_node:
            kids[kid_id] = kid
    links.update(_links_by_kid(container, list(kids.values()), list(kids), dead))
    has_link = {kid_id: bool(links[kid_id]) for kid_id in kids}
    dated = [kid_id for kid_id in kids if kid_id in cand_children]
    wrapped = sum(1 for kid_id in dated if has_link[kid_id]) * 2 >= len(dated)
    if wrapped:
        return [[kid_id] for kid_id in kids if has_link[kid_id] or kid_id in cand_children], kids
    order = list(kids)
    # a category tag link ([媒体聚焦]) opens a row but is not its title: the title link after it
    # belongs to the same item
    tag = {kid_id: bool(links[kid_id]) and all(_is_tag(a) for a in links[kid_id]) for kid_id in kids}
    first_link = next((i for i, kid_id in enumerate(order) if has_link[kid_id]), len(order))
    first_date = next((i for i, kid_id in enumerate(order) if kid_id in cand_children), len(order))
    date_first = first_date < first_link
    runs: list[list[int]] = []
    current: list[int] = []
    seen_link = seen_date = False
    for kid_id in order:
        is_link, is_date = has_link[kid_id], kid_id in cand_children
        starts = (is_link and (seen_link or (seen_date and not date_first))) or (
            date_first and is_date and (seen_date or seen_link)
        )
        if starts and current:
            runs.append(current)
            current, seen_link, seen_date = [], False, False
        if is_link or is_date or current:
            current.append(kid_id)
        seen_link |= is_link and not tag[kid_id]
        seen_date |= is_date
    if current:
        runs.append(current)
    return runs, kids


_TAG_TEXT = re.compile(r"^\s*[\[【〔［]\s*[^\]】〕］]{1,8}\s*[\]】〕］]\s*$")


def _is_tag(anchor: LexborNode) -> bool:
    return bool(_TAG_TEXT.match(anchor.text(deep=True)))


def _links_by_kid(
    container: LexborNode, kids: list[LexborNode], kid_ids: list[int] | None = None, dead: bool = False
) -> dict[int, list[LexborNode]]:
    """``links_in(kid)`` for every kid (text kids: none).  ``kid_ids``: the kids' ids, if known.

    One walk per kid covers the container once, and no link has to climb back to its kid; a CSS query
    would set up lexbor's selector engine for the tree, which the common path otherwise never needs.
    """
    ids = kid_ids if kid_ids is not None else [k.mem_id for k in kids]
    return {
        kid_id: links_in(kid, dead=dead) if kid.is_element_node else []
        for kid, kid_id in zip(kids, ids, strict=True)
    }


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
    return node.css_first(_PIN_SELECTOR) is not None


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
    return any(mark in html for mark in PIN_MARKS)


def shows_pin_mark(container: LexborNode) -> bool:
    """Whether any child of ``container`` could pass :func:`_pinned` (False: none is pinned).

    Each of its tests, made for the whole container at once: the word in the text (a child's text is a
    run of the container's), the class pattern on each child, the attribute selectors below it (the
    container's query covers every child's).  A few calls into lexbor instead of five searches of a
    large page, or a pin test (with its CSS query) per item.
    """
    if "置顶" in container.text(deep=True):
        return True
    child = container.child
    while child is not None:
        if child.is_element_node and _PINNED.search(child.attributes.get("class") or ""):
            return True
        child = child.next
    return container.css_first(_PIN_SELECTOR) is not None


def cut_items(
    cand: Candidate, pins: bool | Callable[[], bool] = True, *, dead: bool = False
) -> tuple[list[RawItem], int]:
    """The candidate's items in page order, and how many link boxes were dropped as not-an-item.

    ``pins``: whether the page can pin items at all; as a function, asked only for an item that looks
    pinned (the conjunction is the same, the page-wide search is spared when no item looks pinned).
    ``dead``: a dated row whose title link leads nowhere is an item too (kept without a URL); an
    undated one (a heading row) is not.
    """
    items: list[RawItem] = []
    dropped = 0
    headers: dict[int, list[str]] = {}
    links: dict[int, list[LexborNode]] = {}
    children = cand.children
    runs, kids = _segment(cand.container, children, links, dead)
    for run in runs:
        fields = [f for kid_id in run for f in children.get(kid_id, ())]
        if len(fields) > 1:  # the label and the column header only matter to choose between dates
            fields.sort(key=lambda f: (_label_rank(f, headers), not f.hit.has_year))
        anchors = [a for kid_id in run for a in links[kid_id]]
        hrefs = [(a.attrs.get("href") or "").strip() for a in anchors]
        distinct = len(set(hrefs))
        if distinct >= 3 and len(fields) != 1:
            dropped += 1  # 相关图片 / 相关公文 boxes: a list inside the list, not one item
            continue
        if not anchors:
            continue
        chosen, title = _titled(anchors, fields)
        if not fields and (len(title) < 4 or _MORE.match(title) or not _usable_href(hrefs[chosen])):
            continue
        if callable(pins):
            pinned = any(_pinned(kids[kid_id]) for kid_id in run if kids[kid_id].is_element_node) and pins()
        else:
            pinned = pins and any(_pinned(kids[kid_id]) for kid_id in run if kids[kid_id].is_element_node)
        items.append(RawItem(title, item_href(hrefs[chosen]), fields, pinned, distinct))
    return items, dropped


def _titled(anchors: list[LexborNode], fields: list[DateField]) -> tuple[int, str]:
    """The item's main link (its index) and title: the link with the longest title, the first on ties."""
    if len(anchors) == 1:
        return 0, title_of(anchors[0], fields)
    return max(((i, title_of(a, fields)) for i, a in enumerate(anchors)), key=lambda pair: len(pair[1]))


def looks_like_articles(
    items: list[RawItem], base_url: str, resolve: Callable[[str], str] | None = None
) -> bool:
    """Article titles are long and point into the site, unlike menus and friend-link boxes."""
    if len(items) < 3:
        return False
    long_titles = sum(1 for i in items if len(i.title) >= 10)
    host = urlsplit(base_url).netloc
    resolve = resolve or Resolver(base_url).resolve  # the caller's, when it resolves against base_url
    deep = 0
    for item in items:
        parts = urlsplit(resolve(item.href))
        if (not host or parts.netloc == host) and parts.path.strip("/").count("/") >= 1:
            deep += 1
    return long_titles * 3 >= len(items) * 2 and deep * 3 >= len(items) * 2


def anchor_candidates(root: LexborNode) -> list[Candidate]:
    """Lists without printed dates: parents whose children each carry a link.

    Links of one list share their upper ancestors: once an element was entered as a child at the same
    or a lower level, everything above it is already entered, so the climb stops there.
    """
    by_container: dict[int, Candidate] = {}
    entered: dict[int, int] = {}  # element mem_id -> lowest level it was entered at as a child
    for anchor in root.css("a[href]"):
        if not _usable_href(anchor.attrs.get("href") or ""):
            continue
        child: LexborNode = anchor
        parent = anchor.parent
        for level in range(4):
            if parent is None or parent.tag in ("body", "html"):
                break
            child_id = child.mem_id
            if entered.get(child_id, 4) <= level:
                break
            entered[child_id] = level
            cand = by_container.get(parent.mem_id)
            if cand is None:
                cand = by_container[parent.mem_id] = Candidate(parent, {})
            cand.children.setdefault(child_id, [])
            child, parent = parent, parent.parent
    return [c for c in by_container.values() if len(c.children) >= 3]
