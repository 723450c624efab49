"""A page parsed once: every detector reads the same tree (parse once, read many)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from freshwatch.detectors._urls import Resolver


@dataclass(slots=True)
class Page:
    """An HTML document and the URL it was fetched from (the base for relative links)."""

    url: str
    html: str
    tree: LexborHTMLParser = field(repr=False)
    _found: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _resolver: Resolver | None = field(default=None, init=False, repr=False, compare=False)
    _title: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def title(self) -> str:
        """The first ``<title>``'s text (what ``css_first("title")`` finds, without a CSS query).

        The first CSS query on a tree sets up lexbor's selector engine, about a tenth of reading a
        typical list page; the common path of the list reader now asks none.  Read once: the
        soft-404 rules and the readers ask for it several times per page.
        """
        if self._title is None:
            nodes = self.tree.tags("title")
            self._title = nodes[0].text(strip=True) if nodes else ""
        return self._title

    def resolve(self, href: str) -> str:
        """``urljoin(self.url, href)``; the page's URL is parsed once for all its links (see ``_urls``)."""
        if self._resolver is None:
            self._resolver = Resolver(self.url)
        return self._resolver.resolve(href)

    def contains(self, needle: str) -> bool:
        """``needle in self.html``, searched once per page.

        A substring search over a CJK page costs about a nanosecond per character (CPython can skip
        little in two-byte text), and on a 70 KB page several readers (pins, shells, pagers) ask the
        same question: the answer is kept.
        """
        found = self._found.get(needle)
        if found is None:
            found = self._found[needle] = needle in self.html
        return found


def parse_page(html: str, url: str) -> Page:
    """Parse ``html``; malformed markup never raises (lexbor repairs it like a browser)."""
    return Page(url=url, html=html, tree=LexborHTMLParser(bounded_nesting(html)))


# lexbor's tree builder scans the stack of open elements for every tag, so nesting costs the
# square of its depth: 100,000 unclosed <div>s took 150 s of CPU.  Browsers cap the depth too
# (WebKit at 512); tags past the cap are dropped and their text kept.
MAX_NESTING = 512
_SCAN_FROM = 8000  # '<' characters; fewer tags can't nest deep enough to cost more than ~0.3 s
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_KEPT = frozenset(["a", "iframe", "frame", "title", "time"])  # what the readers need, wherever it is


def bounded_nesting(html: str) -> str:
    """``html`` with the container tags that would nest deeper than ``MAX_NESTING`` removed
    (links, frames and titles are kept wherever they are)."""
    if html.count("<") < _SCAN_FROM:
        return html
    depth = 0
    kept: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or name in _KEPT or match.group(0).endswith("/>"):
            continue
        too_deep = depth >= MAX_NESTING if not closing else depth > MAX_NESTING
        depth = max(0, depth - 1) if closing else depth + 1
        if too_deep:
            kept.append(html[last : match.start()])
            last = match.end()
    if not kept:
        return html
    kept.append(html[last:])
    return "".join(kept)
