"""The httpx transports of a crawl: a keep-alive pool per host, every connection vetted.

One ``AsyncClient`` per TLS-verify setting serves the whole crawl, behind one of two transports
(``crawl.transport``):

- ``aiohttp`` (the default): httpx's API on aiohttp's connection pool and C HTTP parser.  On the
  bench farm it costs about a third of the CPU per request of httpx's own stack (httpcore, anyio,
  h11), which was most of a crawl's CPU (bench/RESULTS.md).  aiohttp's connector keys its pools by
  host already; the address guard is its resolver.
- ``httpx``: httpx's own transport, one httpcore pool per host, because a single pool scans all its
  connections on every request and a crawl of dozens of sites made that scan cost more CPU than
  parsing the pages (measured on the demo farm: 53 s -> 29 s of CPU).

The ``httpx-aiohttp`` package was tried first: it maps a refused connection to ``ConnectTimeout``
and re-quotes every URL, so the few lines below use aiohttp's public API directly instead.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import AsyncIterator, Iterable
from typing import Any, Literal

import aiohttp
import httpcore
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from freshwatch.crawler.guard import AddressGuard, PrivateAddressError
from freshwatch.crawler.types import ErrorClass

__all__ = ["TransportName", "classify_exception", "crawl_transport"]

TransportName = Literal["aiohttp", "httpx"]
_HEADER_BYTES = 16_384  # longest status or header line accepted, as h11's whole-head limit


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the address the guard approved, so the check and the connection can't differ.

    The pre-request check resolves a name once; a name that then re-resolves somewhere inside
    (DNS rebinding) would slip past it.  Here every TCP connection is resolved again and made to
    a vetted IP; TLS still verifies the certificate against the name (httpcore passes the origin
    host as the server name).
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend, guard: AddressGuard) -> None:
        self._inner = inner
        self._guard = guard

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        address = await self._guard.connect_address(host, port)
        return await self._inner.connect_tcp(
            address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise PrivateAddressError("unix sockets are never used by the crawler")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _guarded_transport(guard: AddressGuard, **options: Any) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through ``guard`` (see ``_GuardedBackend``)."""
    transport = httpx.AsyncHTTPTransport(**options)
    pool = transport._pool  # httpx offers no public hook for the network backend
    pool._network_backend = _GuardedBackend(pool._network_backend, guard)
    return transport


class _PerHostTransport(httpx.AsyncBaseTransport):
    """Routes each request to its host's own pool, created on first use."""

    def __init__(self, guard: AddressGuard, options: dict[str, Any]) -> None:
        self._guard = guard
        self._options = options
        self._pools: dict[tuple[str, str, int | None], httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.scheme, request.url.host, request.url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _guarded_transport(self._guard, **self._options)
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
        self._pools.clear()


class _GuardedResolver(AbstractResolver):
    """aiohttp's name lookup, made by the guard: a connection only ever reaches a vetted address.

    A refusal is raised as the ``OSError`` aiohttp expects of a resolver (it becomes a
    ``ClientConnectorDNSError``); the guard's own exception stays its cause, which
    ``classify_exception`` finds.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        try:
            address = await self._guard.connect_address(host, port)
        except httpcore.ConnectError as refused:
            raise OSError(errno.EHOSTUNREACH, str(refused)) from refused
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [
            ResolveResult(
                hostname=host, host=address, port=port, family=family, proto=0, flags=socket.AI_NUMERICHOST
            )
        ]

    async def close(self) -> None:
        return None


class _AiohttpStream(httpx.AsyncByteStream):
    """A response body read from aiohttp as it arrives; closing it early drops the connection."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise _httpx_error(exc) from exc

    async def aclose(self) -> None:
        self._response.release()


class _AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx requests sent through one aiohttp session (pools per host, guarded resolver)."""

    def __init__(self, guard: AddressGuard, verify: ssl.SSLContext | bool, keepalive: float) -> None:
        self._guard = guard
        self._verify = verify
        self._keepalive = keepalive
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=0,  # the fetcher's semaphores bound the requests in flight
            limit_per_host=0,
            ssl=self._verify,
            resolver=_GuardedResolver(self._guard),
            keepalive_timeout=self._keepalive,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # httpx's client keeps the cookies
            auto_decompress=False,  # httpx decodes Content-Encoding
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
            max_line_size=_HEADER_BYTES,
            max_field_size=_HEADER_BYTES,
        )
        # aiohttp silently re-sends an idempotent request once when the server drops the connection;
        # the crawl's retry policy (crawler/retry.py) is the one place that decides on another try,
        # and a weak server that resets connections must not get twice the requests.  No public
        # switch exists (tests/crawler/test_fetching.py pins the count).
        self._session._retry_connection = False
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session or self._open()
        timeout = request.extensions.get("timeout", {})
        body = await request.aread()
        try:
            response = await session.request(
                request.method,
                URL(str(request.url), encoded=True),  # httpx already encoded it: sent as is
                headers=request.headers.multi_items(),
                data=body or None,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    sock_connect=timeout.get("connect"), sock_read=timeout.get("read")
                ),
            )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise _httpx_error(exc) from exc
        extensions: dict[str, Any] = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("latin-1", "replace")
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_AiohttpStream(response),
            request=request,
            extensions=extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _httpx_error(exc: BaseException) -> httpx.TransportError:
    """The httpx exception an aiohttp failure stands for (the caller chains the original)."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, aiohttp.InvalidURL):  # not http(s), or no host: nothing was sent
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)
    if isinstance(exc, TimeoutError):  # aiohttp's socket read timeout is one too
        return httpx.ReadTimeout(message)
    if isinstance(exc, aiohttp.ClientResponseError):  # a status line or header aiohttp can't parse
        return httpx.RemoteProtocolError(message)
    return httpx.ReadError(message)  # dropped connections, short bodies, resets


def crawl_transport(
    guard: AddressGuard, name: TransportName, *, verify: ssl.SSLContext | bool, keepalive: float
) -> httpx.AsyncBaseTransport:
    """The transport for one crawl client (HTTP/1.1, no proxies from the environment)."""
    if name == "aiohttp":
        return _AiohttpTransport(guard, verify, keepalive)
    options = {
        "verify": verify,
        "http1": True,
        "http2": False,
        "trust_env": False,
        # our semaphores bound the requests in flight; the pools only keep connections alive
        "limits": httpx.Limits(
            max_connections=None, max_keepalive_connections=None, keepalive_expiry=keepalive
        ),
    }
    return _PerHostTransport(guard, options)


def classify_exception(exc: httpx.HTTPError) -> tuple[ErrorClass, str]:
    """Map an httpx failure onto the error classes a webmaster can act on."""
    detail = f"{type(exc).__name__}: {exc}".strip()
    if isinstance(exc, httpx.TimeoutException):
        return ErrorClass.timeout, detail
    if isinstance(exc, httpx.ConnectError):
        if _caused_by(exc, PrivateAddressError):
            return ErrorClass.private_address, detail
        if _caused_by(exc, aiohttp.ClientSSLError):
            return ErrorClass.tls, detail
        if _caused_by(exc, aiohttp.ClientConnectorDNSError):
            return ErrorClass.dns, detail
        if _caused_by(exc, aiohttp.ClientConnectorError):  # its text names "ssl:default" every time
            return ErrorClass.connect, detail
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, PrivateAddressError):
                return ErrorClass.private_address, detail
            if isinstance(cause, ssl.SSLError | ssl.CertificateError):
                return ErrorClass.tls, detail
            if isinstance(cause, OSError) and type(cause).__name__ == "gaierror":
                return ErrorClass.dns, detail
            cause = cause.__cause__ or cause.__context__
        lowered = detail.lower()
        if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
            return ErrorClass.tls, detail
        if "name or service not known" in lowered or "nodename nor servname" in lowered:
            return ErrorClass.dns, detail
        return ErrorClass.connect, detail
    if isinstance(exc, httpx.DecodingError):
        return ErrorClass.bad_content, detail
    return ErrorClass.connect, detail  # read/write errors, dropped connections, protocol errors


def _caused_by(exc: BaseException, kind: type[BaseException] | tuple[type[BaseException], ...]) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, kind):
            return True
        cause = cause.__cause__ or cause.__context__
    return False
