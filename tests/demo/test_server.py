"""The farm's HTTP: distinct ports, a loadable config, keep-alive, HEAD, Range, real error pages and files."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from freshwatch.config.loader import load_config
from freshwatch.demo import DEMO_UNITS, Farm, start_farm
from tests.demo.pages import decode


def test_28_sites_on_distinct_ports(farm: Farm) -> None:
    ports = {urlsplit(origin).port for origin in farm.origins.values()}
    assert len(ports) == 28
    for uid, name in DEMO_UNITS:
        page = httpx.get(farm.origins[uid] + "/")
        assert page.status_code == 200
        text = decode(page)
        assert name in text and "今天是2018年12月31日 星期一" in text
        assert "粤ICP备" in text


def test_config_yaml_loads(farm: Farm, tmp_path: Path) -> None:
    path = tmp_path / "freshwatch.yaml"
    path.write_text(farm.config_yaml(), encoding="utf-8")
    config = load_config(path)
    assert config.rules == "demo"
    assert [(u.id, u.name) for u in config.units] == list(DEMO_UNITS)
    columns = [c for u in config.units for s in u.sites for c in s.columns]
    assert len(columns) == 28 * 4
    assert {c.category.value for c in columns} == {"news", "notice", "policy", "plan"}
    truth_urls = {c.url for u in farm.truth.units for c in u.columns}
    assert {c.url for c in columns} == truth_urls


def test_gbk_sites_decode_with_and_without_header_charset(farm: Farm) -> None:
    for uid, header in (("hnkjy", "text/html; charset=GBK"), ("gtzyfj", "text/html")):
        page = httpx.get(farm.origins[uid] + "/")
        assert page.headers["content-type"] == header
        assert b"charset=gb2312" in page.content
        assert dict(DEMO_UNITS)[uid] in page.content.decode("gb18030")
        assert b"\xe4\xbb\x8a" not in page.content  # no UTF-8 今 on a GBK page


def test_head_range_and_method(farm: Farm) -> None:
    origin = farm.origins["djkjy"]
    with httpx.Client() as client:
        full = client.get(origin + "/xzzx/bszn_2018.pdf")
        assert full.headers["content-type"] == "application/pdf" and full.content.startswith(b"%PDF-1.4")
        head = client.head(origin + "/xzzx/bszn_2018.pdf")
        assert head.content == b"" and int(head.headers["content-length"]) == len(full.content)
        part = client.get(origin + "/xzzx/bszn_2018.pdf", headers={"Range": "bytes=0-0"})
        assert part.status_code == 206 and part.content == b"%"
        assert part.headers["content-range"] == f"bytes 0-0/{len(full.content)}"
        assert (
            client.get(origin + "/xzzx/bszn_2018.pdf", headers={"Range": "bytes=999999-"}).status_code == 416
        )
        assert client.post(origin + "/").status_code == 405
        assert client.get(origin + "/images/logo.png").content.startswith(b"\x89PNG\r\n\x1a\n")
        moved = client.get(origin + "/index.htm")
        assert moved.status_code == 301 and moved.headers["location"] == "/"


def test_not_found_looks_like_a_government_page(farm: Farm) -> None:
    page = httpx.get(farm.origins["cjjd"] + "/no/such/page.html")
    assert page.status_code == 404 and "您访问的页面不存在或已被删除" in decode(page)
    assert "仲恺高新区陈江街道" in decode(page)


def test_keep_alive_serves_two_requests_on_one_connection(farm: Farm) -> None:
    port = urlsplit(farm.origins["qjw"]).port
    assert port is not None
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        request = b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
        conn.sendall(request + request)
        data = b""
        while data.count(b"HTTP/1.1 200 OK") < 2:
            chunk = conn.recv(65536)
            assert chunk, "connection closed before the second response"
            data += chunk
    assert b"Connection: keep-alive" in data


def test_requests_are_counted_per_url(farm: Farm) -> None:
    url = farm.origins["thz"] + "/notice/?page=2"
    before = farm.requests[url]
    assert httpx.get(url).status_code == 200
    assert farm.requests[url] == before + 1


@pytest.mark.anyio
async def test_start_farm_serves_while_the_callers_loop_runs() -> None:
    """The farm's own thread answers while this loop awaits: nothing blocks the crawler's loop."""
    async with start_farm() as running:
        assert len(running.origins) == 28
        async with httpx.AsyncClient() as client:
            pages = await asyncio.gather(*(client.get(o + "/") for o in running.origins.values()))
        assert [p.status_code for p in pages] == [200] * 28
    with pytest.raises(httpx.ConnectError):
        httpx.get(next(iter(running.origins.values())) + "/")
