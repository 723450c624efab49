"""Read a column's list page: its items, their dates, a verdict, and where the list goes on.

How the list is found (no per-site selectors): every text node that is *mostly a date* is a date field;
the list is the element with date fields in the most children (chrome — nav, header, footer, breadcrumb,
sidebars under 热点/推荐/相关 headings — weighs a quarter or less); the list's children are cut into
items, a new one at each child carrying the item's link.  The latest date is the newest one (pinned 置顶
items sit on top with old dates), dates after the crawl day are rejected, an item without a printed date
takes its URL date, ``10-12`` dates get their year from today and their neighbours.

HTML comments: a list that exists only inside an HTML comment (Gansu's intensive platform ships its
``<ul>`` commented out and fills the page by script) is read when — and only when — the visible page has
no list at all; the reading's ``reason`` says so.  A commented-out list next to a visible one is ignored.

Verdicts: ``ok`` (dated items), ``undated`` (items, no date on the list or in the URLs: the crawler opens
articles and calls :func:`with_article_dates`), ``blank`` (暂无信息/暂无数据 or an empty list container),
``unreadable`` (challenge pages, SPA shells, lists built by script, nothing list-like).  Embedded Hanweb
``<datastore>`` records (the first page of a JCMS list, inside ``<script type="text/xml">``) are read too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from freshwatch.config.models import ListOverride
from freshwatch.detectors import _pager
from freshwatch.detectors._blocks import (
    Candidate,
    RawItem,
    anchor_candidates,
    candidates_from_fields,
    cut_items,
    links_in,
    looks_like_articles,
    path_of,
    score,
    shows_pin_mark,
    title_of,
)
from freshwatch.detectors._scan import Scan, classify_text, in_chrome, scan, visible_text
from freshwatch.detectors.dates import date_from_url, validate
from freshwatch.detectors.page import Page, parse_page
from freshwatch.detectors.types import (
    ArticleDate,
    DateSource,
    Item,
    ListReading,
    ListVerdict,
    RejectedDate,
    RejectReason,
)
from freshwatch.detectors.vocabulary import BLANK_COUNT, BLANK_PHRASES, PIN_MARKS, phrase_pattern

__all__ = ["read_list", "with_article_dates"]

_BLANK = phrase_pattern(BLANK_PHRASES, BLANK_COUNT)
_EMPTY_RECORDSET = re.compile(r"<recordset>\s*</recordset>|<recordset\s*/>")
_LISTY = re.compile(r"list|lb|news|article|content|con|data|wz|xx|zw", re.I)
_DATASTORE = re.compile(r"<recordset>.*?</recordset>", re.S)


def read_list(page: Page, *, today: date, override: ListOverride | None = None) -> ListReading:
    """The page's main list, dated; never raises on odd markup."""
    if override is not None:
        return _read_override(page, today, override)
    root = page.tree.body
    title = page.title
    found = scan(root, today=today)
    cands = candidates_from_fields(found.fields)
    reading = _read_fields(page, found, today, title, cands)
    if reading is None:
        reading = _read_embedded(page, today)
    if reading is None and page.contains("document.write"):
        reading = _read_written(page, today, title)
    if reading is None and found.comments:
        reading = _read_comments(page, found.comments, today)
    if reading is None:
        reading = _read_undated(page, today, title)
    if reading is None:
        reading = _no_list(page, found, title)
    extra = tuple(
        RejectedDate(n.text, n.reason) for n in found.not_fields if n.reason is RejectReason.today_widget
    )
    extra += _side_dates(cands)
    return replace(
        reading,
        next_pages=reading.next_pages or _pager.next_pages(root, page.html, page.url, page.resolve),
        data_urls=_pager.data_urls(page.html, page.url),
        rejected=reading.rejected + extra,
    )


def _best(cands: list[Candidate], title: str) -> Candidate | None:
    """The strongest list outside the chrome: a sidebar never stands in for an empty main list."""
    chrome: dict[int, str | None] = {}  # nested candidates share ancestors: judge each element once
    for cand in cands:
        score(cand, title, chrome)
    eligible = [c for c in cands if not c.notes]
    return max(eligible, key=lambda c: (c.score, -len(c.children)), default=None)


def _side_dates(cands: list[Candidate]) -> tuple[RejectedDate, ...]:
    """Dates of the side boxes and chrome lists that were not chosen, each once, for explain."""
    seen: set[int] = set()
    out: list[RejectedDate] = []
    for cand in cands:
        if not cand.notes:
            continue
        for fields in cand.children.values():
            for fld in fields:
                if fld.node.mem_id not in seen:
                    seen.add(fld.node.mem_id)
                    out.append(RejectedDate(fld.hit.text, RejectReason.not_the_list, "；".join(cand.notes)))
    return tuple(out)


def _read_fields(
    page: Page, found: Scan, today: date, title: str, cands: list[Candidate] | None = None
) -> ListReading | None:
    best = _best(candidates_from_fields(found.fields) if cands is None else cands, title)
    if best is None:
        return _read_single(page, found, today, title)
    if best.score < 3 and _pager.shell_reason(page.html, title, 0):
        return None
    raw: list[RawItem] = []
    dropped = 0
    for block in _blocks_of(best, cands_of(found, cands)):
        cut, dropped_here = cut_items(block, _list_may_pin(page, block.container), dead=True)
        raw += cut
        dropped += dropped_here
    if not raw:
        return None
    items, rejected = _date_items(raw, page.resolve, today)
    why = f"{len(best.children)} 个子元素带日期，得分 {best.score:.1f}"
    if best.notes:
        why += "；" + "；".join(best.notes)
    if dropped:
        why += f"；去掉 {dropped} 个链接组（相关图片/相关公文等）"
    return _verdict(items, rejected, why, path_of(best.container))


def cands_of(found: Scan, cands: list[Candidate] | None) -> list[Candidate]:
    return candidates_from_fields(found.fields) if cands is None else cands


def _blocks_of(best: Candidate, cands: list[Candidate]) -> list[Candidate]:
    """One list split into consecutive blocks of the same shape (four ``<ul>`` of five), in page
    order: the chosen block and its neighbours with its tag and class, each itself a dated list."""
    by_node = {c.container.mem_id: c for c in cands}
    shape = (best.container.tag, best.container.attributes.get("class"))

    def same(node: LexborNode | None) -> Candidate | None:
        cand = by_node.get(node.mem_id) if node is not None else None
        if cand is None or node is None or (node.tag, node.attributes.get("class")) != shape:
            return None
        return cand

    def step(node: LexborNode | None, forward: bool) -> LexborNode | None:
        node = (node.next if forward else node.prev) if node is not None else None
        while node is not None and not node.is_element_node:
            node = node.next if forward else node.prev
        return node

    before: list[Candidate] = []
    node = step(best.container, False)
    while (cand := same(node)) is not None:
        before.insert(0, cand)
        node = step(node, False)
    after: list[Candidate] = []
    node = step(best.container, True)
    while (cand := same(node)) is not None:
        after.append(cand)
        node = step(node, True)
    return [*before, best, *after]


def _may_pin(page: Page) -> bool:
    """:func:`detectors._blocks.may_pin` through the page's memo: the list and undated readers both ask."""
    return any(page.contains(mark) for mark in PIN_MARKS)


_LARGE_PAGE = 16_000  # characters: beyond this, five searches of the page cost more than a look at the list


def _list_may_pin(page: Page, container: LexborNode) -> bool | Callable[[], bool]:
    """The ``pins`` flag for cutting ``container``: the same items come out pinned either way.

    Items are pinned only where the page may pin (:func:`_may_pin`) and the container shows a pin mark
    (:func:`shows_pin_mark`); the cheaper test goes first (the page's on small pages), and when both
    could hold the page-wide search waits until an item actually looks pinned.
    """
    if len(page.html) <= _LARGE_PAGE and not _may_pin(page):
        return False
    if not shows_pin_mark(container):
        return False
    return lambda: _may_pin(page)


def _read_single(page: Page, found: Scan, today: date, title: str) -> ListReading | None:
    """A column with one item: the only date field outside the chrome that belongs to one link."""
    eligible: list[tuple[Candidate, RawItem]] = []
    for fld in found.fields:
        holder = next((a for a in fld.ancestors[:3] if links_in(a)), None)
        if holder is None or holder.parent is None or fld.chrome:
            continue
        anchors = links_in(holder)
        if len({a.attributes.get("href") for a in anchors}) > 2:
            continue
        cand = Candidate(holder.parent, {holder.mem_id: [fld]})
        score(cand, title)
        if cand.notes:
            continue
        anchor, text = max(((a, title_of(a, [fld])) for a in anchors), key=lambda pair: len(pair[1]))
        eligible.append((cand, RawItem(text, anchor.attributes.get("href") or "", [fld], False, 1)))
    if len(eligible) != 1:
        return None
    cand, raw = eligible[0]
    items, rejected = _date_items([raw], page.resolve, today)
    return _verdict(items, rejected, "全页只有一个带日期的条目", path_of(cand.container))


def _date_items(
    raw: list[RawItem], resolve: Callable[[str], str], today: date
) -> tuple[list[Item], list[RejectedDate]]:
    """Dates for each item: the list's text first, then the URL; MM-DD years from today and neighbours."""
    items: list[Item] = []
    rejected: list[RejectedDate] = []
    previous: date | None = None
    for entry in raw:
        url = resolve(entry.href) if entry.href else ""  # a title link that leads nowhere: no URL
        published: date | None = None
        source: DateSource | None = None
        text: str | None = None
        hit = entry.fields[0].hit if entry.fields else None
        if hit is not None and hit.ok:
            published, source, text = hit.value, DateSource.list_text, hit.text
            if not hit.has_year:
                published = _fix_year(published, url, previous if not entry.pinned else None, today)
        elif hit is not None:
            rejected.append(hit.rejection(entry.title[:20]))
        if (
            hit is None
        ):  # a shown date wins even when it is a typo: the URL only speaks when the list is silent
            from_url = date_from_url(url)
            if from_url is not None and validate(from_url, today=today) is None:
                published, source, text = from_url, DateSource.url, url
        if published is not None and not entry.pinned:
            previous = published
        items.append(Item(entry.title, url, published, source, text, entry.pinned))
    return items, rejected


def _fix_year(value: date, url: str, previous: date | None, today: date) -> date:
    """A year-less date: the URL's year when it agrees on the month, else not newer than the item above."""
    from_url = date_from_url(url)
    if from_url is not None and from_url.month == value.month and from_url <= today:
        return _with_year(value, from_url.year)
    if previous is not None and value > previous:
        return _with_year(value, value.year - 1)
    return value


def _with_year(value: date, year: int) -> date:
    try:
        return value.replace(year=year)
    except ValueError:  # 02-29
        return value.replace(year=year, day=28)


def _verdict(items: list[Item], rejected: list[RejectedDate], why: str, container: str) -> ListReading:
    dated = any(i.published is not None for i in items)
    verdict = ListVerdict.ok if dated else ListVerdict.undated
    return ListReading(verdict, tuple(items), why, container, rejected=tuple(rejected))


def _read_embedded(page: Page, today: date) -> ListReading | None:
    """Hanweb JCMS ships its first page of records as XML inside a script."""
    match = _DATASTORE.search(page.html) if page.contains("<recordset>") else None
    if not match:
        return None
    from freshwatch.detectors.endpoints import read_endpoint

    reading = read_endpoint(match.group(0), page.url, today=today)
    if not reading.items:
        return None
    return replace(
        reading, reason="大汉 Hanweb 页面内嵌的 datastore 记录", container="script[type=text/xml] datastore"
    )


_SCRIPT_OPEN = re.compile(r"<script[^>]*>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script>", re.I)
_WRITE = re.compile(r"""document\.write(?:ln)?\(\s*(['"])(.*?)(?<!\\)\1\s*\)""", re.S)
_JS_ESCAPE = re.compile(r"\\(.)")


def _scripts(html: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, body) of every match of ``<script[^>]*>(.*?)</script>`` (re.S | re.I), in order.

    The same matches, found with two prefix searches per script: the lazy ``.*?`` tries ``</script>``
    at every character of the page (most of a 70 KB shell's reading time).  The opening tag ends at the
    first ``>``, the body at the first ``</script>`` after it; with no closing tag left, no later
    opening tag can match either.
    """
    pos = 0
    while (opening := _SCRIPT_OPEN.search(html, pos)) is not None:
        closing = _SCRIPT_CLOSE.search(html, opening.end())
        if closing is None:
            return
        yield opening.start(), closing.end(), html[opening.end() : closing.start()]
        pos = closing.end()


def _expand_writes(html: str) -> str | None:
    """The page as the browser shows it after ``document.write('<li>...')`` calls with literal HTML."""
    pieces: list[str] = []
    done = 0
    for start, end, body in _scripts(html):
        literals = [m.group(2) for m in _WRITE.finditer(body)]
        text = "".join(_JS_ESCAPE.sub(r"\1", lit) for lit in literals)
        if "<a" in text:
            pieces += (html[done:start], text)
            done = end
    if not pieces:
        return None
    pieces.append(html[done:])
    return "".join(pieces)


def _read_written(page: Page, today: date, title: str) -> ListReading | None:
    """Lists written by inline ``document.write`` calls (the browser runs them; we read their HTML)."""
    expanded = _expand_writes(page.html)
    if expanded is None:
        return None
    written = parse_page(expanded, page.url)
    reading = _read_fields(written, scan(written.tree.body, today=today), today, title)
    if reading is None:
        return None
    return replace(reading, reason="列表由页面内的 document.write 写出；" + reading.reason)


def _read_comments(page: Page, comments: list[str], today: date) -> ListReading | None:
    """A list present only inside an HTML comment (see the module note)."""
    best: ListReading | None = None
    for content in comments:
        if "<a" not in content:
            continue
        inner = parse_page(content, page.url)
        found = scan(inner.tree.body, today=today)
        reading = _read_fields(inner, found, today, page.title)
        if reading is not None and (best is None or len(reading.items) > len(best.items)):
            pages = _pager.next_pages(None, content, page.url)
            best = replace(
                reading,
                reason="可见页面没有列表；列表在 HTML 注释中，已按注释读取。" + reading.reason,
                container="<!-- --> " + reading.container,
                next_pages=pages,
            )
    return best


def _read_undated(page: Page, today: date, title: str) -> ListReading | None:
    """Lists without printed dates: long titles pointing into the site."""
    root = page.tree.body
    if root is None:
        return None
    best = _most_articles(page, anchor_candidates(root), title)
    if best is None:
        return None
    items, rejected = _date_items(best[1], page.resolve, today)
    why = f"列表上没有印出日期；{len(items)} 个标题较长的站内链接（日期取自链接地址或文章页）"
    return _verdict(items, rejected, why, path_of(best[0].container))


def _most_articles(page: Page, cands: list[Candidate], title: str) -> tuple[Candidate, list[RawItem]] | None:
    """The candidate outside the chrome that cuts into the most article-like items (the first on ties).

    Cutting a candidate is the costly step, and a candidate never yields more items than it has element
    children: candidates are tried from the most children down, and the search stops once no remaining
    one could reach the best count so far (one that could tie still runs, for the document-order tie-break).
    """
    bounds = [_element_children(cand.container) for cand in cands]
    chrome: dict[int, str | None] = {}
    best: tuple[Candidate, list[RawItem]] | None = None
    best_at = -1
    for at in sorted(range(len(cands)), key=lambda i: -bounds[i]):
        if best is not None and bounds[at] < len(best[1]):
            break
        cand = cands[at]
        score(cand, title, chrome)
        if cand.notes:
            continue
        raw, _ = cut_items(cand, _list_may_pin(page, cand.container))
        if best is not None and (len(raw), -at) <= (len(best[1]), -best_at):
            continue
        if looks_like_articles(raw, page.url, page.resolve):
            best, best_at = (cand, raw), at
    return best


def _element_children(node: LexborNode) -> int:
    count = 0
    child = node.child
    while child is not None:
        count += child.is_element_node
        child = child.next
    return count


def _no_list(page: Page, found: Scan, title: str) -> ListReading:
    root = page.tree.body
    body_text = visible_text(root)
    shell = _pager.shell_reason(page.html, title, len(body_text))
    if shell:
        return ListReading(ListVerdict.unreadable, reason=shell)
    if _EMPTY_RECORDSET.search(page.html):
        return ListReading(ListVerdict.blank, reason="大汉 datastore 中没有记录")
    blank = _BLANK.search(body_text)
    if blank:
        return ListReading(ListVerdict.blank, reason=f"页面写着“{blank.group(0)}”")
    js = _pager.js_list_reason(page.html)
    if js:
        return ListReading(ListVerdict.unreadable, reason=js)
    empty = _empty_container(root)
    if empty:
        return ListReading(ListVerdict.blank, reason=f"列表容器 {empty} 是空的", container=empty)
    return ListReading(ListVerdict.unreadable, reason="页面上找不到像列表的内容")


def _empty_container(root: LexborNode | None) -> str | None:
    """An empty ul/ol/tbody named like a list, outside the chrome: the column has no items."""
    if root is None:
        return None
    for node in root.css("ul, ol, tbody, dl"):
        if node.css_first("li, tr, dd, dt, a") is not None or node.text(strip=True):
            continue
        name = (node.attributes.get("class") or "") + " " + (node.attributes.get("id") or "")
        if _LISTY.search(name) and not in_chrome(node):
            return path_of(node)
    return None


def _read_override(page: Page, today: date, override: ListOverride) -> ListReading:
    """The column's own CSS selectors, for the odd site the automatic path can't read."""
    items: list[Item] = []
    rejected: list[RejectedDate] = []
    for node in page.tree.css(override.item):
        anchor = node if node.tag == "a" else node.css_first("a[href]")
        if anchor is None:
            continue
        title_node = node.css_first(override.title) if override.title else anchor
        title = (title_node or anchor).text(strip=True)
        url = urljoin(page.url, anchor.attributes.get("href") or "")
        date_node = node.css_first(override.date) if override.date else node
        hit, _, _ = classify_text(date_node.text() if date_node is not None else "", today=today)
        if hit is not None and hit.ok:
            items.append(Item(title, url, hit.value, DateSource.list_override, hit.text))
            continue
        if hit is not None:
            rejected.append(hit.rejection())
        items.append(Item(title, url, None))
    if not items:
        return ListReading(ListVerdict.blank, reason=f"配置的选择器 {override.item} 没有匹配到条目")
    return _verdict(items, rejected, f"按栏目配置的选择器 {override.item}", override.item)


def with_article_dates(reading: ListReading, dates: dict[str, ArticleDate]) -> ListReading:
    """Fold article dates into undated items and judge the verdict again."""
    items = tuple(
        replace(i, published=d.published, date_source=d.source, date_text=d.text)
        if i.published is None and (d := dates.get(i.url)) is not None and d.published is not None
        else i
        for i in reading.items
    )
    if not items:
        return reading
    verdict = ListVerdict.ok if any(i.published is not None for i in items) else ListVerdict.undated
    rejected = reading.rejected + tuple(r for d in dates.values() for r in d.rejected)
    return replace(reading, items=items, verdict=verdict, rejected=rejected)
