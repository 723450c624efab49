"""Memory stays within the settings whatever the input (issue 12): peak RSS measured in a subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GZIP_BOMB = textwrap.dedent(
    """
    import asyncio, resource, zlib
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
        print(result.error, len(bomb), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)

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
