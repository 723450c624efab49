"""A page's main text: what the reader sees outside the page chrome (nav, header, footer, sidebars).

Typos in a site's navigation would otherwise be reported once for every page that shows it; the
chrome is the same test the date readers use (``_scan.chrome_marker``).  Text nodes are joined by
newlines so digits in neighbouring cells never glue into one long number.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from freshwatch.detectors._scan import chrome_marker
from freshwatch.detectors.page import Page

__all__ = ["main_links", "main_text"]

_SKIP = frozenset({"script", "style", "template", "noscript", "head", "select", "option"})


def _content_nodes(root: LexborNode) -> list[LexborNode]:
    """Text nodes and anchors under ``root``, skipping chrome and invisible subtrees (iterative)."""
    out: list[LexborNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == "-text":
            out.append(node)
            continue
        if tag in _SKIP or tag == "-comment" or (node is not root and chrome_marker(node)):
            continue
        if tag == "a":
            out.append(node)
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    return out


def main_text(page: Page) -> str:
    body = page.tree.body
    if body is None:
        return ""
    parts = []
    for node in _content_nodes(body):
        if node.tag == "-text":
            text = (node.text_content or "").strip()
            if text:
                parts.append(text)
    return "\n".join(parts)


def main_links(page: Page) -> tuple[str, ...]:
    """Absolute hrefs of the anchors in the main text (an interpretation's link to its policy)."""
    body = page.tree.body
    if body is None:
        return ()
    links = []
    for node in _content_nodes(body):
        if node.tag == "a":
            href = node.attrs.get("href")
            if href and not href.startswith(("javascript:", "#", "mailto:")):
                links.append(page.resolve(href))
    return tuple(dict.fromkeys(links))
