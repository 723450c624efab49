"""TLS findings, the private-address rule, and the per-host politeness limits."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import trustme

from freshwatch.crawler.fetch import Fetcher, HostPolicy
from freshwatch.crawler.guard import is_internal
from freshwatch.crawler.types import ErrorClass
from freshwatch.detectors.types import LinkKind
from tests.crawler.conftest import checker_for, now, settings
from tests.crawler.server import MockServer, Reply, html

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def tls_server():
    ca = trustme.CA()
    context = __import__("ssl").create_default_context(__import__("ssl").Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with MockServer({"/": Reply(200, html("安全页面", "首页"))}, tls=context) as srv:
        yield srv


async def test_bad_certificate_is_a_tls_finding(tls_server: MockServer) -> None:
    async with checker_for(tls_server.origin) as (checker, site, _):
        result = await checker.check(tls_server.url("/"), LinkKind.page, site)
    assert result.error is ErrorClass.tls


async def test_verify_false_site_reads_the_page(tls_server: MockServer) -> None:
    async with checker_for(tls_server.origin, verify=False) as (checker, site, _):
        result = await checker.check(tls_server.url("/"), LinkKind.page, site)
    assert result.error is None and result.page is not None and "安全页面" in result.page.html


def test_internal_addresses() -> None:
    for address in (
        "127.0.0.2",
        "10.0.0.1",
        "192.168.1.1",
        "172.16.5.5",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:192.168.1.1",
        "100.64.0.1",
        "0.0.0.0",
    ):
        assert is_internal(address), address
    assert not is_internal("202.96.128.86") and not is_internal("2400:3200::1")


async def test_private_addresses_are_reported_without_a_request() -> None:
    with (
        MockServer({"/": Reply(200, "x")}) as registered,
        MockServer({"/": Reply(200, "x")}) as intranet,
        MockServer({"/": Reply(200, "x")}, host="127.0.0.2") as other_loopback,
    ):
        targets = [
            intranet.url("/"),  # same 127.0.0.1 but a port that is no registered site
            f"http://localhost:{intranet.port}/oa",  # a name that resolves inside
            other_loopback.url("/"),
            "http://192.168.1.1/oa/login",
            "http://10.0.0.1/",
            "http://[::1]:8080/",
            "http://169.254.169.254/latest/meta-data/",
        ]
        started = time.monotonic()
        async with checker_for(registered.origin) as (checker, site, fetcher):
            results = await asyncio.gather(*(checker.check(u, LinkKind.external, site) for u in targets))
            own = await checker.check(registered.url("/"), LinkKind.page, site)
        assert [r.error for r in results] == [ErrorClass.private_address] * len(targets)
        assert intranet.total == 0 and other_loopback.total == 0 and intranet.connections == 0
        assert fetcher.requests == 1 and own.error is None  # only the registered site was asked
        assert time.monotonic() - started < 2


async def test_redirect_into_the_private_network_is_stopped() -> None:
    with MockServer({}) as intranet, MockServer({}) as registered:
        registered.routes["/jump"] = Reply(302, headers={"Location": intranet.url("/admin")})
        async with checker_for(registered.origin) as (checker, site, _):
            result = await checker.check(registered.url("/jump"), LinkKind.page, site)
        assert result.error is ErrorClass.private_address and intranet.connections == 0


async def test_per_host_limit_and_min_delay_are_kept() -> None:
    active = {"now": 0, "max": 0}

    def counted(request):
        active["now"] += 1
        active["max"] = max(active["max"], active["now"])
        return Reply(200, "ok", delay=0.1)

    with MockServer({"/*": counted}) as srv:
        crawl = settings(per_host=2)
        policy = HostPolicy(per_host=2, min_delay=0.05)
        host = srv.origin.split("//")[1]
        async with Fetcher(crawl, policies={host: policy}, registered=frozenset({host}), now=now) as fetcher:
            started = time.monotonic()

            async def one(i: int) -> None:
                await fetcher.fetch(srv.url(f"/p{i}"))
                active["now"] -= 1

            await asyncio.gather(*(one(i) for i in range(8)))
            elapsed = time.monotonic() - started
        assert active["max"] <= 2
        assert elapsed >= 7 * 0.05  # starts were spaced by the minimum delay


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_every_connection_is_vetted_again_at_connect_time(transport: str) -> None:
    """Defence against DNS rebinding: even a request that skipped the pre-check can't reach inside."""
    from freshwatch.crawler.transport import classify_exception

    with MockServer({"/": Reply(200, "x")}) as registered, MockServer({"/": Reply(200, "x")}) as intranet:
        async with checker_for(registered.origin, settings(transport=transport)) as (_, _, fetcher):
            client = fetcher._client(True)
            with pytest.raises(httpx.ConnectError) as caught:
                await client.get(f"http://localhost:{intranet.port}/")
            assert (await client.get(registered.url("/"))).status_code == 200
        assert classify_exception(caught.value)[0] is ErrorClass.private_address
        assert intranet.connections == 0
