"""The monitor must never be a probe into the network it runs in.

A link to a private, loopback or link-local address is broken for every citizen, so it is
reported without being requested.  The decision is made on the resolved addresses, so a public
name pointing inside is caught too; the registered sites (which may well live on such addresses
in a government network) are the only exception, matched by host and port.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore

__all__ = ["AddressGuard", "PrivateAddressError", "Resolution", "is_internal", "netloc_of"]


class PrivateAddressError(httpcore.ConnectError):
    """Raised at connect time when a name resolves into the private network (DNS rebinding)."""


_DEFAULT_PORTS = {"http": 80, "https": 443}


def netloc_of(url: str) -> str:
    """host[:port] with the default port dropped: the key for policies and registration."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def is_internal(address: str) -> bool:
    """True for every address that is not globally routable (private, loopback, link-local, ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class Resolution:
    """Outcome of resolving a host: the addresses, or why there are none."""

    __slots__ = ("addresses", "error")

    def __init__(self, addresses: tuple[str, ...] = (), error: str = "") -> None:
        self.addresses = addresses
        self.error = error


class AddressGuard:
    """Resolves each host once per crawl and says whether a URL may be requested."""

    def __init__(self, registered: Iterable[str]) -> None:
        self._registered = frozenset(registered)
        self._cache: dict[str, asyncio.Future[Resolution]] = {}  # one lookup per host per crawl

    def registered(self, url: str) -> bool:
        return netloc_of(url) in self._registered

    async def check(self, url: str, netloc: str | None = None) -> tuple[str | None, str]:
        """(None, "") when the URL may be fetched, else ("private_address" | "dns", detail).

        ``netloc``: the URL's ``netloc_of``, when the caller has it already (once per request).
        """
        if (netloc if netloc is not None else netloc_of(url)) in self._registered:
            return None, ""
        host = urlsplit(url).hostname or ""
        resolution = await self._resolve(host)
        if resolution.error:
            return "dns", resolution.error
        internal = [a for a in resolution.addresses if is_internal(a)]
        if internal:
            return "private_address", f"{host} -> {internal[0]}"
        return None, ""

    async def connect_address(self, host: str, port: int) -> str:
        """The address to connect to for ``host:port``, resolved afresh; raises when it is inside."""
        name = f"[{host}]" if ":" in host else host
        if f"{name}:{port}" in self._registered or (port in (80, 443) and name in self._registered):
            return host
        resolution = await _lookup(host)
        if resolution.error:
            raise httpcore.ConnectError(resolution.error)
        for address in resolution.addresses:
            if is_internal(address):
                raise PrivateAddressError(f"{host} -> {address}")
        return resolution.addresses[0]

    async def _resolve(self, host: str) -> Resolution:
        task = self._cache.get(host)
        if task is None:
            task = asyncio.ensure_future(_lookup(host))
            self._cache[host] = task
        return await asyncio.shield(task)


async def _lookup(host: str) -> Resolution:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return Resolution((host.strip("[]"),))
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        return Resolution(error=f"{host}: {exc}")
    return Resolution(tuple(dict.fromkeys(str(info[4][0]) for info in infos)))
