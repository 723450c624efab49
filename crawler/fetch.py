"""The one way the crawler talks HTTP: polite, bounded, and turning every failure into a value.

One ``Fetcher`` per crawl owns the httpx clients (one per TLS-verify setting, keep-alive, HTTP/1.1),
the overall and per-host limits (frozen ``HostPolicy`` objects, like Scrapy's download slots), the
address guard, and the request counter.  Redirects are followed by hand so a loop, a chain that
never ends and a redirect into the private network are each caught and named.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from importlib import metadata
from typing import Literal
from urllib.parse import urljoin

import httpx

from freshwatch.config.models import CrawlSettings
from freshwatch.crawler.decode import decode_body, sniff_binary
from freshwatch.crawler.guard import AddressGuard, netloc_of
from freshwatch.crawler.inflate import BoundedInflater, InflateError
from freshwatch.crawler.retry import Attempt, RetryPolicy, retry_after_seconds, with_retries
from freshwatch.crawler.transport import classify_exception, crawl_transport
from freshwatch.crawler.types import ErrorClass, Fetch
from freshwatch.detectors.links import normalize_url

__all__ = ["Download", "Fetcher", "HostPolicy", "Mode", "Reuse", "user_agent"]

Mode = Literal["text", "head", "peek"]  # full body decoded / headers only / first bytes only
Reuse = Callable[[str, Mode], Attempt | None]
log = logging.getLogger("freshwatch.crawler")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PEEK_BYTES = 4096
_PEEK_HEADERS = {"Range": f"bytes=0-{_PEEK_BYTES - 1}"}
_TEXTUAL = ("html", "xml", "json", "text/", "javascript")


def user_agent(settings: CrawlSettings) -> str:
    if settings.user_agent:
        return settings.user_agent
    try:
        version = metadata.version("freshwatch")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"freshwatch/{version} (+{settings.contact_url})"


@dataclass(frozen=True, slots=True)
class Download:
    """A whole body fetched to be read (an attachment), with the validators to ask again later."""

    url: str
    status: int | None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """How hard one host may be pushed; built once from settings and the site's overrides."""

    per_host: int
    min_delay: float = 0.0
    verify: bool = True


class _Slot:
    """A host's runtime share of the policy: its connection count and its last start time."""

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self._semaphore = asyncio.Semaphore(policy.per_host)
        self._pace = asyncio.Lock()
        self._last = 0.0

    async def __aenter__(self) -> None:
        await self._semaphore.acquire()
        if self.policy.min_delay > 0:
            async with self._pace:
                wait = self._last + self.policy.min_delay - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._last = time.monotonic()

    async def __aexit__(self, *exc: object) -> None:
        self._semaphore.release()


class Fetcher:
    """Shared by every site of a crawl; use as ``async with Fetcher(...) as fetcher``."""

    def __init__(
        self,
        settings: CrawlSettings,
        *,
        policies: Mapping[str, HostPolicy] | None = None,
        registered: frozenset[str] = frozenset(),
        now: Callable[[], datetime],
        retry: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.requests = 0
        self.requests_by_host: Counter[str] = Counter()
        self._policies = dict(policies or {})
        self._default = HostPolicy(per_host=settings.per_host, min_delay=settings.min_delay)
        self._slots: dict[str, _Slot] = {}
        self._overall = asyncio.Semaphore(settings.concurrency)
        self._external = asyncio.Semaphore(settings.external_concurrency)
        self._clients: dict[bool, httpx.AsyncClient] = {}
        self._now = now
        self.guard = AddressGuard(registered)
        self.retry = retry or RetryPolicy.from_settings(settings)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    def policy(self, url: str) -> HostPolicy:
        return self._policies.get(netloc_of(url), self._default)

    def _slot(self, host: str) -> _Slot:
        slot = self._slots.get(host)
        if slot is None:
            slot = self._slots[host] = _Slot(self._policies.get(host, self._default))
        return slot

    def _client(self, verify: bool) -> httpx.AsyncClient:
        client = self._clients.get(verify)
        if client is None:
            settings = self.settings
            transport = crawl_transport(
                self.guard,
                settings.transport,
                verify=ssl.create_default_context() if verify else False,
                keepalive=settings.keepalive_expiry,
            )
            client = httpx.AsyncClient(
                transport=transport,
                follow_redirects=False,
                trust_env=False,
                timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
                headers={
                    "User-Agent": user_agent(settings),
                    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                    "Accept-Language": "zh-CN,zh;q=0.9",
                    "Accept-Encoding": "gzip, deflate",  # the only ones BoundedInflater undoes
                },
            )
            self._clients[verify] = client
        return client

    async def fetch(
        self, url: str, *, mode: Mode = "text", external: bool = False, reuse: Reuse | None = None
    ) -> Attempt:
        """Fetch ``url`` with retries for transient failures; the last attempt is returned.

        ``reuse`` answers for a redirect target this crawl already fetched, so the target is not
        requested again (``/index.html -> /`` after ``/`` itself was read).
        """
        deadline = _Deadline(self.settings.request_deadline)
        try:
            return await with_retries(self.retry, lambda: self._follow(url, mode, external, reuse, deadline))
        except httpx.InvalidURL as exc:  # raised building the request: nothing was sent
            return Attempt(self._failure(url, url, ErrorClass.invalid_url, _short(exc), []))
        except (ValueError, UnicodeError, LookupError, InflateError) as exc:
            # whatever one URL's answer does, it stays this URL's finding and never stops its site
            log.warning("fetch of %s failed unexpectedly", url[:200], exc_info=True)
            return Attempt(self._failure(url, url, ErrorClass.bad_content, _short(exc), []))

    async def _follow(
        self, url: str, mode: Mode, external: bool, reuse: Reuse | None, deadline: _Deadline
    ) -> Attempt:
        """One attempt: the redirect chain walked hop by hop, each hop guarded and limited."""
        chain: list[str] = []
        spent = 0.0  # seconds inside earlier hops, so TTFB and total cover the whole chain
        current = url
        while True:
            host = netloc_of(current)  # parsed once per hop: policy, slot, counters and guard share it
            refusal, why = await self.guard.check(current, host)
            if refusal is not None:
                return Attempt(self._failure(url, current, ErrorClass(refusal), why, chain))
            attempt = await self._hop(url, current, host, mode, external, deadline)
            if attempt.location is None:
                return attempt.after(tuple(chain), spent)
            spent += attempt.fetch.elapsed or 0.0
            chain.append(current)
            target = normalize_url(attempt.location, current)
            if target is None:  # ftp:, file:, data:, javascript: ... nothing a visitor's browser can open
                detail = f"redirected to {attempt.location[:200]}, not an http(s) address"
                return Attempt(self._failure(url, current, ErrorClass.invalid_url, detail, chain))
            if target in chain or target == current:
                detail = " -> ".join([*chain, target])
                return Attempt(self._failure(url, target, ErrorClass.redirect_loop, detail, chain))
            if len(chain) > self.settings.max_redirects:
                detail = f"more than {self.settings.max_redirects} redirects"
                return Attempt(self._failure(url, target, ErrorClass.too_many_redirects, detail, chain))
            known = reuse(target, mode) if reuse is not None else None
            if known is not None:
                return replace(known, fetch=replace(known.fetch, url=url)).after(tuple(chain), spent)
            current = target

    async def _hop(
        self, url: str, current: str, host: str, mode: Mode, external: bool, deadline: _Deadline
    ) -> Attempt:
        limit = self._external if external else _NO_LIMIT
        async with limit, self._overall, self._slot(host):
            started = time.monotonic()
            remaining = deadline.remaining(started)
            if remaining <= 0:
                detail = f"no answer within the request deadline of {deadline.seconds:g} s (all attempts)"
                return Attempt(self._failure(url, current, ErrorClass.timeout, detail, [], started))
            try:
                async with asyncio.timeout(min(self.settings.timeout, remaining)):
                    return await self._exchange(url, current, host, mode, started)
            except TimeoutError:
                detail = f"no complete answer within {min(self.settings.timeout, remaining):g} s"
                return Attempt(self._failure(url, current, ErrorClass.timeout, detail, [], started))
            except httpx.UnsupportedProtocol as exc:  # a redirect to ftp:, file:, data:
                return Attempt(self._failure(url, current, ErrorClass.invalid_url, _short(exc), [], started))
            except httpx.RemoteProtocolError as exc:
                # httpx parses a redirect's Location itself; one it refuses is the page's mistake,
                # not a dropped connection worth three more tries
                invalid = "location header" in str(exc).lower()
                error, detail = (ErrorClass.invalid_url, _short(exc)) if invalid else classify_exception(exc)
                return Attempt(self._failure(url, current, error, detail, [], started))
            except httpx.HTTPError as exc:
                error, detail = classify_exception(exc)
                return Attempt(self._failure(url, current, error, detail, [], started))

    async def _exchange(self, url: str, current: str, host: str, mode: Mode, started: float) -> Attempt:
        client = self._client(self._slot(host).policy.verify)
        method = "HEAD" if mode == "head" else "GET"
        headers = _PEEK_HEADERS if mode == "peek" else None
        self.requests += 1
        self.requests_by_host[host] += 1
        request = client.build_request(method, current, headers=headers)
        response = await client.send(request, stream=True)
        try:
            ttfb = time.monotonic() - started
            if response.status_code in _REDIRECTS and response.headers.get("location"):
                location = urljoin(current, response.headers["location"])
                fetch = self._result(url, current, response, ttfb, started)
                await _drain(response)
                return Attempt(fetch, location=location)
            retry_after = retry_after_seconds(response.headers.get("retry-after"), now=self._now())
            body, error, detail = await self._read(response, mode)
            fetch = self._result(url, current, response, ttfb, started, body, error, detail, mode)
            return Attempt(fetch, retry_after=retry_after, head=body[:_PEEK_BYTES])
        finally:
            await response.aclose()

    async def _read(self, response: httpx.Response, mode: Mode) -> tuple[bytes, ErrorClass | None, str]:
        if mode == "head":
            await response.aread()  # empty, but reading it ends the exchange so keep-alive survives
            return b"", None, ""
        cap = self.settings.max_body
        declared = _declared_length(response)
        if mode == "text" and declared is not None and declared > cap:
            return b"", ErrorClass.too_large, f"Content-Length {declared} > {cap} bytes"
        wanted = _PEEK_BYTES if mode == "peek" else cap + 1
        if mode == "text" and not _textual(response.headers.get("content-type", "")):
            wanted = _PEEK_BYTES  # a binary needs no more than its magic bytes
        if wanted < cap and _small(response):
            wanted = cap  # reading a short rest keeps the connection alive; closing early kills it
        # decoded here, not by httpx: its decoders inflate each layer whole before the cap is seen
        inflater = BoundedInflater(response.headers.get("content-encoding", ""), min(wanted, cap))
        chunks: list[bytes] = []
        size = 0
        try:
            async for raw in response.aiter_raw():
                chunk = inflater.feed(raw)
                chunks.append(chunk)
                size += len(chunk)
                if size >= wanted or inflater.exceeded:
                    break
        except InflateError as error:
            return b"", ErrorClass.bad_content, f"undecodable Content-Encoding ({error})"
        body = b"".join(chunks)
        if mode == "text" and wanted > cap and (size > cap or inflater.exceeded):
            return body[:_PEEK_BYTES], ErrorClass.too_large, f"body over {cap} bytes (decoded)"
        return body, None, ""

    def _result(
        self,
        url: str,
        current: str,
        response: httpx.Response,
        ttfb: float,
        started: float,
        body: bytes = b"",
        error: ErrorClass | None = None,
        detail: str = "",
        mode: Mode = "head",
    ) -> Fetch:
        content_type = response.headers.get("content-type", "")
        text = None
        if mode == "text" and error is None and body and _textual(content_type):
            if sniff_binary(body[:1024]):
                detail = f"binary content labelled {content_type or 'nothing'}"
            else:
                text = decode_body(body, content_type).text
        return Fetch(
            url=url,
            final_url=current,
            status=response.status_code,
            error=error,
            detail=detail,
            content_type=content_type,
            text=text,
            ttfb=ttfb,
            elapsed=time.monotonic() - started,
            fetched_at=self._now(),
        )

    def _failure(
        self,
        url: str,
        current: str,
        error: ErrorClass,
        detail: str,
        chain: list[str],
        started: float | None = None,
    ) -> Fetch:
        return Fetch(
            url=url,
            final_url=current,
            status=None,
            error=error,
            detail=detail,
            redirects=tuple(chain),
            elapsed=None if started is None else time.monotonic() - started,
            fetched_at=self._now(),
        )

    async def download(self, url: str, *, headers: Mapping[str, str], cap: int) -> Download:
        """An attachment's whole body (at most ``cap`` bytes) for its text, asked conditionally
        (``If-None-Match``/``If-Modified-Since``): 304 means the cached reading still holds.
        One attempt; redirects followed through the address guard.  Failures are values."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            host = netloc_of(current)
            refusal, why = await self.guard.check(current, host)
            if refusal is not None:
                return Download(url, None, error=why or refusal)
            try:
                async with self._overall, self._slot(host), asyncio.timeout(self.settings.timeout):
                    client = self._client(self._slot(host).policy.verify)
                    self.requests += 1
                    self.requests_by_host[host] += 1
                    request = client.build_request("GET", current, headers=dict(headers))
                    response = await client.send(request, stream=True)
                    try:
                        location = response.headers.get("location")
                        if response.status_code in _REDIRECTS and location:
                            await _drain(response)
                            current = urljoin(current, location)
                            continue
                        declared = response.headers.get("content-length", "")
                        if declared.isdigit() and int(declared) > cap:
                            return Download(url, response.status_code, error=f"over {cap} bytes")
                        chunks: list[bytes] = []
                        size = 0
                        async for chunk in response.aiter_bytes():
                            chunks.append(chunk)
                            size += len(chunk)
                            if size > cap:
                                return Download(url, response.status_code, error=f"over {cap} bytes")
                        return Download(
                            url,
                            response.status_code,
                            body=b"".join(chunks),
                            etag=response.headers.get("etag"),
                            last_modified=response.headers.get("last-modified"),
                        )
                    finally:
                        await response.aclose()
            except TimeoutError:
                return Download(url, None, error="timeout")
            except httpx.HTTPError as exc:
                return Download(url, None, error=classify_exception(exc)[1])
        return Download(url, None, error="too many redirects")


class _Deadline:
    """One request's total time, all attempts and hops together; its clock starts with the first
    hop that gets a connection slot, so time queued behind the host's other requests is not spent."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._started: float | None = None

    def remaining(self, now: float) -> float:
        if self._started is None:
            self._started = now
        return self.seconds - (now - self._started)


def _short(exc: BaseException, limit: int = 300) -> str:
    """An exception as a detail line, cut before it can carry a 100 KB URL into storage."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit] + "…"


_DRAIN_LIMIT = 65_536  # bytes worth reading to the end so the connection can be reused


def _declared_length(response: httpx.Response) -> int | None:
    """Content-Length as a number; a header that is not ASCII digits (``²``, ``-1``) is no length."""
    length = response.headers.get("content-length", "").strip()
    return int(length) if length.isascii() and length.isdigit() else None


def _small(response: httpx.Response) -> bool:
    length = _declared_length(response)
    return length is not None and length <= _DRAIN_LIMIT


async def _drain(response: httpx.Response) -> None:
    if _small(response):
        async for _ in response.aiter_raw():
            pass


def _textual(content_type: str) -> bool:
    lowered = content_type.lower()
    return not lowered or any(marker in lowered for marker in _TEXTUAL)


class _NoLimit:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None


_NO_LIMIT = _NoLimit()
