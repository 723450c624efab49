"""A fetched page made safe to keep and show: page in, inert page out (pure, no I/O).

A list page kept as a snapshot is shown later inside the console, so everything that could act is
taken out here, and the console shows the result in a sandboxed frame as well (two locks, not
one).  What remains is what a person reads: text, lists, tables, links (their addresses kept for
reading).  Inline styles go too: the console's Content-Security-Policy would block them anyway.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# Elements removed with everything inside them: code, embedded documents and plug-ins, and the
# head elements that load, redirect or rebase (<base>, <link>, <meta http-equiv>).
_REMOVED = (
    "script, noscript, template, style, link, base, meta[http-equiv], "
    "iframe, frame, frameset, object, embed, applet, portal, svg, math"
)
# Attributes that make an element act or load on its own, whatever their value.
_ACTIVE_ATTRIBUTES = frozenset(
    {"style", "action", "formaction", "srcdoc", "ping", "srcset", "manifest", "http-equiv", "xmlns:xlink"}
)
# Attributes holding a URL: kept for reading unless the URL runs code.
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "xlink:href", "data", "poster", "background", "cite", "codebase", "longdesc", "lowsrc"}
)
_UNSAFE_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def sanitise_html(html: str) -> str:
    """``html`` without scripts, frames, plug-ins, event handlers, redirects or ``javascript:`` URLs."""
    tree = LexborHTMLParser(html)
    for node in tree.css(_REMOVED):
        node.decompose()
    for node in tree.css("*"):
        attributes = node.attributes
        for name, value in attributes.items():
            if _is_active(name.lower(), value):
                del node.attrs[name]
    return tree.html or ""


def _is_active(name: str, value: str | None) -> bool:
    if name.startswith("on") or name in _ACTIVE_ATTRIBUTES:
        return True
    if name in _URL_ATTRIBUTES:
        return bool(_UNSAFE_SCHEME.match(_INVISIBLE.sub("", value or "")))
    return False
