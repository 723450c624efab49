"""Memory stays within the settings whatever the input (issue 12): peak RSS measured in a subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GZIP_BOMB = textwrap.dedent(
    """
    import asyncio, zlib

    def peak_mb():  # VmHWM: this process's own peak (ru_maxrss keeps the parent's across exec)
        status = open("/proc/self/status").read()
        return int(status.split("VmHWM:")[1].split()[0]) // 1024

    from tests.crawler.conftest import checker_for, settings
    from tests.crawler.server import MockServer, Reply
    from freshwatch.detectors.types import LinkKind

    def layer(chunks):
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        return b"".join([*(packer.compress(c) for c in chunks), packer.flush()])

    zeros = b"<p>" + b" " * (1 << 20)
    bomb = layer([layer(zeros for _ in range(512))])  # 512 MB inside, about 1 KB on the wire
    del zeros

    async def main():
        route = Reply(200, bomb, headers={"Content-Encoding": "gzip, gzip"})
        with MockServer({"/bomb.html": route}) as server:
            async with checker_for(server.origin, settings(max_body=1_000_000)) as (checker, site, _):
                result = await checker.check(server.url("/bomb.html"), LinkKind.page, site)
        print(result.error, len(bomb), peak_mb())

    asyncio.run(main())
    """
)


def test_a_gzip_gzip_bomb_is_capped_while_decoding() -> None:
    done = subprocess.run(
        [sys.executable, "-c", GZIP_BOMB], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    error, wire, peak_mb = done.stdout.split()
    assert error == "too_large" and int(wire) < 5000
    assert int(peak_mb) < 200, done.stdout  # decoded whole, it would be over 512 MB


PDF_LINKS = textwrap.dedent(
    """
    import asyncio

    def peak_mb():  # VmHWM: this process's own peak (ru_maxrss keeps the parent's across exec)
        status = open("/proc/self/status").read()
        return int(status.split("VmHWM:")[1].split()[0]) // 1024

    from datetime import date
    from freshwatch.config.models import Config
    from freshwatch.crawler.run import crawl
    from tests.crawler.conftest import now
    from tests.crawler.readers import SIMPLE
    from tests.crawler.server import MockServer, Reply, html

    links = "".join(f"<a href='/f/{i}.pdf'>附件{i}</a>" for i in range(100_000))
    routes = {"/": Reply(200, html(links, "首页"))}

    async def main():
        with MockServer(routes, fallback=Reply(200, b"%PDF-1.4", "application/pdf")) as server:
            site = {"home": server.url("/"), "columns": []}
            config = Config.model_validate(
                {"units": [{"id": "a", "name": "甲", "sites": [site]}], "crawl": {"site_requests": 200}}
            )
            done = []

            async def sink(result):
                done.append(result)

            await crawl(config, today=date(2026, 11, 26), now=now, sink=sink, readers=SIMPLE)
            requests = server.total
        print(requests, peak_mb())

    asyncio.run(main())
    """
)


@pytest.mark.slow  # about 15 s: reading 100,000 links is CPU, bounded by max_body
def test_100000_attachment_links_cost_the_site_budget_not_100000_requests() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PDF_LINKS], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    requests, peak_mb = map(int, done.stdout.split())
    assert requests < 250
    assert peak_mb < 300, done.stdout  # was 1.1 GB with 100,011 requests
