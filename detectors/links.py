"""The links of a page, and the one URL spelling that makes each distinct target fetched once.

``normalize_url`` is the crawl's identity function: two hrefs that a browser would load as the same
resource must normalise to the same string, or the crawl fetches it twice and reports it twice.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborNode

from freshwatch.detectors.page import Page
from freshwatch.detectors.types import Link, LinkKind

__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "IMAGE_EXTENSIONS",
    "Normalized",
    "extract_links",
    "link_kind",
    "normalize_url",
]

ATTACHMENT_EXTENSIONS = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "wps",
        "et",
        "dps",
        "ppt",
        "pptx",
        "zip",
        "rar",
        "7z",
        "ofd",
        "txt",
        "csv",
        "rtf",
        "tif",
        "tiff",
        "mp3",
        "mp4",
        "avi",
        "wmv",
        "flv",
        "mov",
        "apk",
        "exe",
        "dmg",
        "ceb",
        "caj",
        "gz",
        "tar",
    ]
)
IMAGE_EXTENSIONS = frozenset(["jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico"])

_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:", "sms:", "file:")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Parameters that only say where a visitor came from; the same document answers with or without them.
_TRACKING = re.compile(r"^(utm_\w+|spm|from|isappinstalled|gclid|fbclid|share_token|scene|clicktime)$", re.I)
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/?%:@!$&'()*+,;=-._~"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical http(s) URL, or None for what a crawler never fetches (mailto:, #top...)."""
    raw = url.strip().replace("\\", "/")
    if not raw or raw.startswith("#") or raw.lower().startswith(_SKIPPED_SCHEMES):
        return None
    raw = re.sub(r"[\t\r\n]", "", raw)
    try:
        joined = urljoin(base, raw) if base else raw
        parts = urlsplit(joined)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = _ascii_host(parts.hostname)
    if host is None:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = _clean_path(parts.path)
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _ascii_host(host: str) -> str | None:
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _clean_path(path: str) -> str:
    if not path:
        return "/"
    resolved = posixpath.normpath(path)
    if resolved.startswith("//"):
        resolved = "/" + resolved.lstrip("/")
    if path.endswith("/") and resolved != "/":
        resolved += "/"
    return _upper_escapes(quote(resolved, safe=_PATH_SAFE))


def _clean_query(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _TRACKING.match(k)]
    if len(kept) == len(pairs):
        return _upper_escapes(quote(query, safe=_QUERY_SAFE))
    return urlencode(kept) if kept else ""


def _upper_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda m: m.group(0).upper(), text)


def link_kind(url: str, *, tag: str, site_hosts: frozenset[str]) -> LinkKind:
    """External first (the owner can't fix it), then by what the target is."""
    parts = urlsplit(url)
    if (parts.hostname or "") not in site_hosts and parts.netloc not in site_hosts:
        return LinkKind.external
    extension = posixpath.splitext(parts.path)[1].lower().lstrip(".")
    if tag == "img" or extension in IMAGE_EXTENSIONS:
        return LinkKind.image
    if extension in ATTACHMENT_EXTENSIONS:
        return LinkKind.attachment
    return LinkKind.page


_SOURCES = (("a", "href"), ("area", "href"), ("img", "src"), ("iframe", "src"))


Normalized = dict[tuple[str, str], str | None]  # (origin, root-relative href) -> normalize_url's answer


def extract_links(
    page: Page, *, site_hosts: frozenset[str], normalized: Normalized | None = None
) -> list[Link]:
    """Every distinct link a visitor can follow or see on ``page``, first occurrence kept.

    ``site_hosts`` holds the site's host names (and host:port forms); anything else is external.
    ``normalized`` remembers root-relative hrefs across the pages of one site: its navigation
    repeats on every page, and ``normalize_url`` was most of the cost of reading links.  The caller
    owns it (one per site crawl), so it is as bounded as the site.
    """
    base = _base_url(page)
    origin = _origin(base) if normalized is not None else None
    seen: dict[str, Link] = {}
    for tag, attribute in _SOURCES:
        for node in page.tree.css(f"{tag}[{attribute}]"):
            href = node.attributes.get(attribute) or ""
            url = _normalize_href(href, base, origin, normalized)
            if url is None:
                continue
            text = _label(node, tag)
            known = seen.get(url)
            if known is None:
                kind = link_kind(url, tag=tag, site_hosts=site_hosts)
                seen[url] = Link(url=url, kind=kind, text=text, tag=tag)
            elif not known.text and text:
                seen[url] = Link(url=url, kind=known.kind, text=text, tag=known.tag)
    return list(seen.values())


def _origin(base: str) -> str | None:
    """``scheme://netloc`` of ``base``: all that ``urljoin`` takes from it for a root-relative href."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _normalize_href(href: str, base: str, origin: str | None, normalized: Normalized | None) -> str | None:
    """``normalize_url(href, base)``, remembered per site under the part of ``base`` it depends on:
    the origin for a root-relative href, the folder for a path-relative one (a list's article links
    share their folder, and were the rest of the cost)."""
    # "//host/x" (and "/\\host/x", read as "//host/x") is not root-relative: it names its own host
    if normalized is None or origin is None or not href or "\\" in href or href[:2] == "//":
        return normalize_url(href, base)
    if href[0] == "/":
        key = (origin, href)
    else:
        folder_end = base.rfind("/") + 1
        # "?x", "#x" and " x" read the whole base; a base with a query or no path is not a folder
        if href[0] in "?#" or href[0].isspace() or "?" in base or "#" in base or folder_end <= len(origin):
            return normalize_url(href, base)
        key = (base[:folder_end], href)
    try:
        return normalized[key]
    except KeyError:
        url = normalized[key] = normalize_url(href, base)
        return url


def _base_url(page: Page) -> str:
    node = page.tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    if href:
        resolved = normalize_url(href, page.url)
        if resolved:
            return resolved
    return page.url


def _label(node: LexborNode, tag: str) -> str:
    attributes = node.attributes
    if tag == "img":
        return (attributes.get("alt") or attributes.get("title") or "").strip()
    text = " ".join((node.text(strip=True) or "").split())
    if not text:
        image = node.css_first("img")
        if image is not None:
            text = (image.attributes.get("alt") or "").strip()
    return text or (attributes.get("title") or "").strip()
