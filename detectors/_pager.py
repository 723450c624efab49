"""Where the list goes on (pagination) and where the browser would fetch it from (list endpoints).

Recognised: ``下一页`` / numbered pager links, ``index_N.html`` and ``?page=N`` links, TRS WCM
``createPageHTML(count, current, "index", "html")`` and its ``countPage``/``currentPage`` variant, the
Gansu intensive platform's ``createPageHTML('page_div', count, current, 'zwgklist', 'shtml', total)``
(1-based pages), 大汉 Hanweb JCMS ``/module/web/jpage/dataproxy.jsp`` and Guangdong's gkmlpt
(``/gkmlpt/index#CATID`` -> ``/gkmlpt/api/all/CATID?page=1&sid=SID``).  Also the marks of pages no
HTML reader can read: anti-bot challenges (瑞数 ``$_ts``, 磐云 WAF), SPA shells and lists the browser
builds from an API.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape as html_unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from freshwatch.detectors._urls import Resolver
from freshwatch.detectors.vocabulary import CHALLENGE_SIGNS

_NEXT_TEXT = re.compile(r"^\s*(?:下一页|下页|后一页|next)\s*[>»›]*\s*$", re.IGNORECASE)
_PAGE_HREF = re.compile(
    r"(?:index_\d+\.s?html?|[?&](?:page|p|pageNum|pageNo|pageIndex|currentPage|curpage)=\d+)", re.IGNORECASE
)
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(?:['\"](?P<div>[\w-]+)['\"]\s*,\s*)?(?P<count>\d+)\s*,\s*(?P<current>\d+)\s*,\s*"
    r"['\"](?P<prefix>[\w-]+)['\"]\s*,\s*['\"](?P<suffix>\w+)['\"]"
)
_COUNT_PAGE = re.compile(r"countPage\s*=\s*(\d+)")
_CURRENT_PAGE = re.compile(r"currentPage\s*=\s*(\d+)")
_DATAPROXY = re.compile(r"""(/module/web/jpage/dataproxy\.jsp[^"'<>\s]*)""")
_PER_PAGE = re.compile(r"perPage\s*:\s*['\"]?(\d+)", re.IGNORECASE)
_GKML_SID = re.compile(r"""\bsid\b['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
_PAGER_LINK = re.compile(r"<a\b([^>]*)>([^<]{0,40}(?:<(?!/a)[^>]*>[^<]{0,40}){0,3})</a>", re.I)
_HREF_ATTR = re.compile(r"""href\s*=\s*(?:["']([^"']*)["']|([^\s>]+))""", re.I)
_TAG = re.compile(r"<[^>]*>|&nbsp;|&gt;|&lt;")
MAX_PAGES = 200  # a pager never lists more; the crawler's own page cap decides how many it follows

_CHALLENGES = CHALLENGE_SIGNS
_SPA_HINTS = ('id="app"', "id='app'", 'id="root"', "ng-app", "data-v-app", "__NUXT__", "webpackJsonp")
_JS_LIST = re.compile(
    r"loadPageData\(|/irs/front/search|\$\.ajax\(|\.jpage\(|axios\.|fetch\(|XMLHttpRequest|dataproxy\.jsp|/gkmlpt/api/"
)
_SPA_ROOT = re.compile(
    r"<div\s+id=['\"](?:app|root)['\"][^>]*>\s*</div>|ng-app|data-v-app|__NUXT__|webpackJsonp", re.I
)


_NUMBER_IN_URL = re.compile(
    r"index_(\d+)\.|[?&](?:page|p|pageNum|pageNo|pageIndex|currentPage|curpage)=(\d+)", re.I
)
_NEXT_FIRST = frozenset("下后nN")  # the first character of every text _NEXT_TEXT accepts


def page_number(url: str) -> int | None:
    """The page number a pager URL carries (``index_3.html`` -> 3, ``?page=3`` -> 3), or None."""
    match = _NUMBER_IN_URL.search(url)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def _numbered(url: str) -> int:
    number = page_number(url)
    return 10**6 if number is None else number


_DROPPED_ENTITIES = ("&nbsp;", "&gt;", "&lt;")  # what _TAG removes besides tags


def _first_shown(inner: str) -> str:
    """The first character of ``_TAG.sub("", inner).strip()`` (or ""), without substituting the whole link.

    Leading tags and the entities ``_TAG`` drops are skipped the way its single left-to-right pass
    removes them (a tag ends at its first ``>``; an unclosed ``<`` stays, as it does there).
    """
    rest = inner.lstrip()
    while rest[:1] in ("<", "&"):
        if rest[0] == "<":
            end = rest.find(">")
            if end < 0:
                break
            rest = rest[end + 1 :].lstrip()
        elif rest.startswith(_DROPPED_ENTITIES):
            rest = rest[rest.index(";") + 1 :].lstrip()
        else:
            break
    return rest[:1]


def _pager_text(inner: str) -> str | None:
    """The link's text when it reads like a pager link (下一页, a page number), else None.

    Most links on a list page are item titles: the cheap checks come first so they cost next to nothing.
    A pager text is all digits or starts with one of :data:`_NEXT_FIRST`, so its first character
    decides most links before any tag is stripped.
    """
    first = _first_shown(inner)
    if not (first.isdigit() or first in _NEXT_FIRST):
        return None
    text = (_TAG.sub("", inner) if "<" in inner or "&" in inner else inner).strip()
    if text.isdigit() or (text[:1] in _NEXT_FIRST and _NEXT_TEXT.match(text)):
        return text
    return None


def _unescape(raw: str) -> str:
    """``html.unescape(raw)`` for an href attribute, without its per-reference callback in the usual cases.

    Search pagers repeat long queries (``?q=..&amp;n=10&amp;p=2&amp;...``): when every ``&`` starts an
    ``&amp;`` reference, unescaping is exactly replacing each by ``&`` (``amp;`` ends at its ``;``).
    """
    if "&" not in raw:
        return raw
    if raw.count("&") == raw.count("&amp;"):
        return raw.replace("&amp;", "&")
    return html_unescape(raw)


def next_pages(
    root: LexborNode | None, html: str, url: str, resolve: Callable[[str], str] | None = None
) -> tuple[str, ...]:
    """Further pages of this list, nearest first, absolute, without the page itself.

    ``resolve``: the caller's ``urljoin(url, ...)``, when it has one already.
    """
    found: list[str] = []
    resolve = resolve or Resolver(url).resolve
    if root is not None:
        for attrs, inner in _PAGER_LINK.findall(html):
            text = _pager_text(inner)
            if text is None:
                continue
            attr = _HREF_ATTR.search(attrs)
            href = _unescape(attr.group(1) or attr.group(2) or "").strip() if attr else ""
            if not href or href.startswith(("javascript:", "#")):
                continue
            if not text.isdigit() or _PAGE_HREF.search(href):
                found.append(resolve(href))
    found.extend(_scripted_pages(html, url, resolve))
    own = url.split("#")[0]
    unique = [u for u in dict.fromkeys(found) if u.split("#")[0] != own]
    return tuple(sorted(unique, key=_numbered))


def _scripted_pages(html: str, url: str, resolve: Callable[[str], str]) -> list[str]:
    match = _CREATE_PAGE.search(html) if "createPageHTML" in html else None
    if match:
        count, current = int(match.group("count")), int(match.group("current"))
        prefix, suffix = match.group("prefix"), match.group("suffix")
        # TRS counts pages from 0 (index.html, index_1.html ...); the Gansu variant (element id first) from 1
        last = count if match.group("div") else count - 1
        pages = range(current + 1, min(last, MAX_PAGES) + 1)
        return _siblings(resolve, [f"{prefix}_{n}.{suffix}" for n in pages])
    if "countPage" not in html:
        return []
    count_m, current_m = _COUNT_PAGE.search(html), _CURRENT_PAGE.search(html)
    if count_m and current_m:
        suffix = "shtml" if urlsplit(url).path.endswith(".shtml") else "html"
        count, current = int(count_m.group(1)), int(current_m.group(1))
        return _siblings(resolve, [f"index_{n}.{suffix}" for n in range(current + 1, min(count, MAX_PAGES))])
    return []


def _siblings(resolve: Callable[[str], str], names: list[str]) -> list[str]:
    """``[resolve(name) for name in names]`` for plain file names (``index_3.html``) of one folder.

    Such a name resolves to the base's folder followed by the name itself, so the folder is worked out
    once; a pager can list up to :data:`MAX_PAGES` pages.  Should the first and last name not come back
    as folder + name (an odd base URL), every name is resolved after all.
    """
    if len(names) < 3:
        return [resolve(name) for name in names]
    first, last = resolve(names[0]), resolve(names[-1])
    folder = first[: len(first) - len(names[0])]
    if not (first.endswith(names[0]) and last == folder + names[-1]):
        return [resolve(name) for name in names]
    return [first, *(folder + name for name in names[1:-1]), last]


def data_urls(html: str, url: str) -> tuple[str, ...]:
    """List endpoints the page's own script would call for its items."""
    out: list[str] = []
    if "dataproxy.jsp" not in html and "/gkmlpt/" not in url:
        return ()  # a substring test is far cheaper than the regex scan over the whole page
    for match in _DATAPROXY.finditer(html):
        raw = match.group(1).replace("&amp;", "&")
        parts = urlsplit(raw)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        per_page = _PER_PAGE.search(html)
        size = int(per_page.group(1)) if per_page else 15
        params.setdefault("startrecord", "1")
        params.setdefault("endrecord", str(size * 3))
        params.setdefault("perpage", str(size))
        out.append(urljoin(url, parts.path + "?" + urlencode(params)))
    split = urlsplit(url)
    if "/gkmlpt/" in split.path:
        catid = split.fragment if split.fragment.isdigit() else ""
        sid = _GKML_SID.search(html)
        if catid and sid:
            out.append(urljoin(url, f"/gkmlpt/api/all/{catid}?page=1&sid={sid.group(1)}"))
    return tuple(dict.fromkeys(out))


def shell_reason(html: str, title: str, body_text_len: int) -> str | None:
    """Why this page can't be read as HTML (a challenge, an SPA shell), or None."""
    head = html[:20000]
    for needles, reason in _CHALLENGES:
        if any(n in title for n in needles) or _any_in(head, needles):
            return reason
    if sum(1 for ch in title if "\u00c0" <= ch <= "\u00ff") >= 3:
        return "页面编码错乱（双重编码的挑战页）"
    if body_text_len < 2000 and any(h in html for h in _SPA_HINTS) and _SPA_ROOT.search(html):
        return "单页应用（SPA）外壳，内容由 JavaScript 生成"
    return None


_SHARED = "验证"  # five of the WAF marks hold it: one search of the page rules all five out


def _any_in(text: str, needles: tuple[str, ...]) -> bool:
    """``any(n in text for n in needles)``, with the marks that hold :data:`_SHARED` searched only where
    it occurs (each search of a CJK page costs about a nanosecond per character)."""
    if any(n in text for n in needles if _SHARED not in n):
        return True
    return _SHARED in text and any(n in text for n in needles if _SHARED in n)


_JS_LIST_MARKS = tuple(
    mark.replace("\\", "") for mark in _JS_LIST.pattern.split("|")
)  # the pattern's literal alternatives, unescaped


def js_list_reason(html: str) -> str | None:
    """The first mark of a script-built list (what ``_JS_LIST.search`` finds, by plain substring search:
    an alternation regex over a large page costs many times more; no mark is a prefix of another, so the
    leftmost one is the regex's match)."""
    found = [(at, mark) for mark in _JS_LIST_MARKS if (at := html.find(mark)) >= 0]
    if found:
        return f"列表由浏览器脚本加载（{min(found)[1].rstrip('(')}）"
    return None
