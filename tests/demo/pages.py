"""Decoding farm pages the way a browser would (header charset, else <meta>), for the tests."""

from __future__ import annotations

import re

import httpx

_META = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def decode(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "")
    charset = content_type.split("charset=")[1] if "charset=" in content_type else None
    if charset is None:
        match = _META.search(response.content[:2048])
        charset = match.group(1).decode() if match else "utf-8"
    if charset.lower() in ("gbk", "gb2312"):
        charset = "gb18030"
    return response.content.decode(charset)
