"""A small HTTP/1.1 server for the farm: keep-alive, HEAD, Range, one listening socket per site.

Raw asyncio streams instead of http.server: the crawler opens up to 64 connections at once and
reuses them, and one event loop serves all 28 ports without a thread per connection.  The loop
runs in the farm's own thread, so it never shares (or blocks) the loop the crawler runs in.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus

from freshwatch.demo.resources import Resource, SiteResources

IDLE_SECONDS = 15.0
MAX_HEAD = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    keep_alive: bool
    range_header: str | None
    body_length: int


def parse_request(head: bytes) -> Request | None:
    try:
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ")
    except ValueError:
        return None
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if target.startswith(("http://", "https://")):
        target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
    connection = headers.get("connection", "").lower()
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    length = headers.get("content-length", "0")
    return Request(method, target, keep_alive, headers.get("range"), int(length) if length.isdigit() else 0)


def _byte_range(header: str | None, size: int) -> tuple[int, int] | bool | None:
    """(first, last) for one satisfiable range, None to send it all, False when unsatisfiable."""
    match = _RANGE.match(header or "")
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        return (max(0, size - int(last)), size - 1)
    start = int(first)
    if start >= size:
        return False
    return (start, min(int(last), size - 1) if last else size - 1)


def render_response(request: Request, resource: Resource, server: str) -> bytes:
    status, body = resource.status, resource.body
    extra = ""
    if resource.location is not None:
        extra += f"Location: {resource.location}\r\n"
    if status == 405:
        extra += "Allow: GET, HEAD\r\n"
    if status == 200:
        wanted = _byte_range(request.range_header, len(body))
        if wanted is False:
            status, extra, body = 416, extra + f"Content-Range: bytes */{len(body)}\r\n", b""
        elif isinstance(wanted, tuple):
            first, last = wanted
            status, extra, body = (
                206,
                extra + f"Content-Range: bytes {first}-{last}/{len(body)}\r\n",
                body[first : last + 1],
            )
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nServer: {server}\r\nDate: {formatdate(usegmt=True)}\r\n"
        f"Content-Type: {resource.content_type}\r\nContent-Length: {len(body)}\r\nAccept-Ranges: bytes\r\n{extra}"
        f"Connection: {'keep-alive' if request.keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + (b"" if request.method == "HEAD" else body)


_NOT_ALLOWED = Resource(405, "text/plain; charset=utf-8", b"405 Method Not Allowed")


class SiteServer:
    """Serves one site's resource table on one port and counts every request by URL."""

    def __init__(self, resources: Callable[[], SiteResources], server: str, counter: Counter[str]) -> None:
        self._resources = resources  # rendered after every port is bound, hence a getter
        self._server_name = server
        self._counter = counter
        self.origin = ""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_SECONDS)
        request = parse_request(head)
        if request is None:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            return False
        if request.body_length:
            await reader.readexactly(request.body_length)
        self._counter[self.origin + request.target] += 1
        if request.method in ("GET", "HEAD"):
            resource = self._resources().lookup(request.target)
        else:
            resource = _NOT_ALLOWED
        writer.write(render_response(request, resource, self._server_name))
        await writer.drain()
        return request.keep_alive
