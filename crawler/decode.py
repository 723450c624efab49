"""Bytes to text the way a browser would show them, with the repairs real government sites need.

Order of evidence (WHATWG): BOM, then the HTTP header, then ``<meta charset>`` / ``http-equiv``,
then detection.  Two departures, both because the page must read as its visitors see it:
- bytes that decode cleanly as multi-byte UTF-8 are UTF-8 whatever the declaration says (pages
  re-saved as UTF-8 under their old ``gb2312`` meta; GBK text never passes as UTF-8 by accident),
  and a declaration the bytes don't decode in loses to the other declaration;
- a latin-1 header is a server default, not the author's word, so the page's meta wins over it.
GB2312 and GBK are read as GB18030, their superset, as browsers do.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["Decoded", "decode_body", "header_charset", "meta_charset", "sniff_binary"]

_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf8": "utf-8",
    "big5": "big5hkscs",
}
_WEAK_HEADER = frozenset({"cp1252", "windows-1252"})
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)"
    rb"|<meta[^>]+?content\s*=\s*[\"'][^\"'>]*?charset\s*=\s*([\w.:-]+)",
    re.I,
)
# Python codecs no browser knows as a page charset (WHATWG has no UTF-7 either: it hid scripts)
_NOT_CHARSETS = frozenset(
    {"undefined", "mbcs", "oem", "utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape"}
)
_PRESCAN = 4096  # bytes; browsers look at 1024, CMS templates often put the meta a little later


def canonical(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # only real text charsets: "undefined" raises on every byte, "base64"/"rot13" are not charsets
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def header_charset(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return canonical(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META.search(body[:_PRESCAN])
    if not match:
        return None
    raw = (match.group(1) or match.group(2) or b"").decode("ascii", "ignore")
    return canonical(raw)


def _strict(body: bytes, charset: str) -> str | None:
    try:
        return body.decode(charset)
    except (UnicodeError, LookupError):  # plain UnicodeError too: some codecs raise nothing narrower
        return None


def _lenient(body: bytes, charset: str) -> str:
    """Decode with replacement characters; a codec that fails even so gives way to GB18030."""
    try:
        return body.decode(charset, errors="replace")
    except (UnicodeError, LookupError):
        return body.decode("gb18030", errors="replace")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and why that charset was chosen (``explain`` can show it)."""

    text: str
    charset: str
    source: str  # bom, header, meta, utf-8, detected, fallback


def decode_body(body: bytes, content_type: str = "") -> Decoded:
    """Decode an HTML/XML/JSON body; never raises, falls back to replacement characters."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(name, errors="replace"), name, "bom")
    header = header_charset(content_type)
    meta = meta_charset(body)
    order = (
        [("meta", meta), ("header", header)]
        if header in _WEAK_HEADER and meta
        else [("header", header), ("meta", meta)]
    )
    declared = [(source, name) for source, name in order if name]
    utf8 = _strict(body, "utf-8")
    if utf8 is not None and not body.isascii():
        return Decoded(utf8, "utf-8", "utf-8")  # multi-byte UTF-8 that decodes cleanly is never accidental
    for source, name in declared:
        text = _strict(body, name)
        if text is not None:
            return Decoded(text, name, source)
    if declared:
        return Decoded(_lenient(body, declared[0][1]), declared[0][1], "fallback")
    return Decoded(utf8, "utf-8", "utf-8") if utf8 is not None else _detect(body)


def _detect(body: bytes) -> Decoded:
    best = from_bytes(body[:200_000]).best()
    charset = canonical(best.encoding) if best is not None else None
    if charset is None:  # the likeliest legacy charset on a Chinese government site
        return Decoded(body.decode("gb18030", errors="replace"), "gb18030", "fallback")
    return Decoded(_lenient(body, charset), charset, "detected")


_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",  # OLE: doc, xls, ppt, wps, et
    b"Rar!",
    b"7z\xbc\xaf\x27\x1c",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"ID3",
    b"\x00\x00\x00\x18ftyp",
    b"\x00\x00\x00\x20ftyp",
    b"RIFF",
    b"MZ",
)


def sniff_binary(head: bytes) -> bool:
    """True when the first bytes are a known binary format or plainly not text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if head.startswith(_MAGIC):
        return True
    sample = head[:1024]
    return bool(sample) and sample.count(b"\x00") > len(sample) // 100


IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF", b"<svg", b"<?xml", b"\x00\x00\x01\x00")


def looks_like_image(head: bytes) -> bool:
    return head.lstrip().startswith(IMAGE_MAGIC)
