"""``urljoin`` for the many links of one page, without re-parsing the page's URL for every link.

A list page resolves dozens of hrefs against the same base, and ``urllib.parse.urljoin`` parses the base
again each time (it was the largest single cost of reading a list).  :class:`Resolver` parses the base once
and joins the plain forms CMSs write (``./t20181012_1.html``, ``../art/2018/...``, ``/col/...?id=1``,
``http://host/path``) itself, step for step as ``urljoin`` does; anything else (fragments, ``;params``,
empty paths, colons, control characters, non-http bases) goes to ``urljoin`` unchanged, so the result is
always exactly ``urljoin(base, href)``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

__all__ = ["Resolver"]

_PATH = r"[^\x00-\x20\x7f;?#:]"  # no params, query, fragment or scheme marks, nothing urlsplit strips
_QUERY = r"[^\x00-\x20\x7f#:]"
# An absolute http(s) URL that urlparse/urlunparse give back unchanged (urljoin then returns it as is).
_ABSOLUTE = re.compile(rf"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/{_PATH}*)?(?:\?{_QUERY}+)?")
# A relative reference with a path (not ``//host``): resolved against the base's directory.
_RELATIVE = re.compile(rf"(?!//)({_PATH}+)(?:\?({_QUERY}+))?")
_DOTS = (".", "..")


class Resolver:
    """``resolve(href) == urljoin(base, href)`` for every href, faster for the common ones."""

    __slots__ = ("_base", "_base_parts", "_fast", "_prefix")

    def __init__(self, base: str) -> None:
        self._base = base
        parts = urlparse(base)
        self._fast = parts.scheme in ("http", "https") and bool(parts.netloc)
        self._prefix = f"{parts.scheme}://{parts.netloc}"
        base_parts = parts.path.split("/")
        if base_parts[-1] != "":
            del base_parts[-1]  # the last item is not a directory
        self._base_parts = base_parts

    def resolve(self, href: str) -> str:
        if not self._fast or not href:
            return urljoin(self._base, href)
        if href[:4] == "http" and _ABSOLUTE.fullmatch(href):  # most hrefs are relative: skip the regex
            return href
        match = _RELATIVE.fullmatch(href)
        if match is None:
            return urljoin(self._base, href)
        path, query = match.group(1), match.group(2)
        url = self._join_path(path)
        if url[:1] != "/":
            url = "/" + url
        url = self._prefix + url
        return url + "?" + query if query else url

    def _join_path(self, path: str) -> str:
        """RFC 3986 dot-segment removal exactly as ``urljoin`` does it (Python 3.11)."""
        if path[:1] == "/":
            segments = path.split("/")
        else:
            segments = self._base_parts + path.split("/")
            segments[1:-1] = filter(None, segments[1:-1])
        if "." not in segments and ".." not in segments:
            return "/".join(segments) or "/"
        resolved: list[str] = []
        for seg in segments:
            if seg == "..":
                if resolved:
                    resolved.pop()
            elif seg != ".":
                resolved.append(seg)
        if segments[-1] in _DOTS:
            resolved.append("")
        return "/".join(resolved) or "/"
