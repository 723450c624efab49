"""A page parsed once: every detector reads the same tree (parse once, read many)."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser


@dataclass(slots=True)
class Page:
    """An HTML document and the URL it was fetched from (the base for relative links)."""

    url: str
    html: str
    tree: LexborHTMLParser = field(repr=False)

    @property
    def title(self) -> str:
        node = self.tree.css_first("title")
        return node.text(strip=True) if node is not None else ""


def parse_page(html: str, url: str) -> Page:
    """Parse ``html``; malformed markup never raises (lexbor repairs it like a browser)."""
    return Page(url=url, html=html, tree=LexborHTMLParser(html))
