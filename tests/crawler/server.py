"""A small HTTP/1.1 server on 127.0.0.1 that misbehaves on request, and counts every request.

Runs in its own thread and event loop so tests can drive the crawler freely.  Routes map a path
(exact with query, exact without query, or a prefix ending in ``*``) to a ``Reply`` or a function
of the ``Request`` returning one.  ``capacity`` makes a weak server: connections beyond it are
reset at once, as an overloaded government server does.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    count: int  # 1 for the first request of this path (any method)


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang: bool = False
    drop: bool = False  # close the connection without answering
    trickle: float = 0.0  # seconds between body bytes (an old server on a bad line)


Handler = Callable[[Request], Reply]
_REASONS = {200: "OK", 206: "Partial Content", 301: "Moved", 302: "Found", 404: "Not Found"}


def html(body: str, title: str = "页面") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"


class MockServer:
    def __init__(
        self,
        routes: Mapping[str, Reply | Handler] | None = None,
        *,
        host: str = "127.0.0.1",
        backlog: int = 100,
        capacity: int | None = None,
        tls: ssl.SSLContext | None = None,
        fallback: Reply | None = None,
    ) -> None:
        self.routes: dict[str, Reply | Handler] = dict(routes or {})
        self.host = host
        self.backlog = backlog
        self.capacity = capacity
        self.tls = tls
        self.fallback = fallback or Reply(404, html("<h1>404</h1>", "404 Not Found"))
        self.counts: Counter[tuple[str, str]] = Counter()
        self.connections = 0
        self.resets = 0
        self._active = 0
        self.max_active = 0  # the most connections open at once
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    # lifecycle ----------------------------------------------------------------------------------
    def __enter__(self) -> MockServer:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(5)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.host, 0, backlog=self.backlog, ssl=self.tls
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in asyncio.all_tasks(self._loop):
            if task is not asyncio.current_task():
                task.cancel()

    @property
    def origin(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def hits(self, path: str, method: str | None = None) -> int:
        return sum(n for (m, p), n in self.counts.items() if p == path and (method is None or m == method))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    # serving ------------------------------------------------------------------------------------
    def _route(self, path: str) -> Reply | Handler:
        if path in self.routes:
            return self.routes[path]
        bare = path.split("?", 1)[0]
        if bare in self.routes:
            return self.routes[bare]
        for key, route in self.routes.items():
            if key.endswith("*") and path.startswith(key[:-1]):
                return route
        return self.fallback

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self.connections += 1
            self._active += 1
            self.max_active = max(self.max_active, self._active)
            overloaded = self.capacity is not None and self._active > self.capacity
        try:
            if overloaded:
                self.resets += 1
                _reset(writer)
                return
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            with self._lock:
                self._active -= 1
            if not writer.is_closing():
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {
            k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
        }
        with self._lock:
            self.counts[(method, path)] += 1
            count = self.hits(path)
        route = self._route(path)
        reply = route(Request(method, path, headers, count)) if callable(route) else route
        if reply.hang:
            await asyncio.sleep(3600)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            _reset(writer)
            return False
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        out = [f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}"]
        merged = {"Content-Type": reply.content_type, "Content-Length": str(len(body)), **reply.headers}
        out += [f"{k}: {v}" for k, v in merged.items() if v]
        head = "\r\n".join(out) + "\r\n\r\n"
        try:
            writer.write(head.encode("latin-1"))
        except UnicodeEncodeError:  # an old server writes its UTF-8 Location bytes as they are
            writer.write(head.encode("utf-8"))
        if method != "HEAD" and reply.trickle:
            for index in range(len(body)):
                writer.write(body[index : index + 1])
                await writer.drain()
                await asyncio.sleep(reply.trickle)
        elif method != "HEAD":
            writer.write(body)
        await writer.drain()
        return headers.get("connection", "").lower() != "close"


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
