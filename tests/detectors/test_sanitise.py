"""The snapshot sanitiser against hostile pages: nothing that acts survives, the reading does."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from freshwatch.detectors.sanitise import sanitise_html

HOSTILE = """<html><head>
<base href="http://evil.example/">
<meta http-equiv="refresh" content="0;url=http://evil.example/">
<meta charset="utf-8">
<link rel="stylesheet" href="http://evil.example/x.css">
<style>body { background: url(http://evil.example/) }</style>
<script>alert(1)</script>
</head><body onload="alert(2)">
<h1>规划计划</h1>
<ul class="list">
  <li><a href="/ghjh/201801/t1.html" onclick="alert(3)">2018年工作计划</a><span>2018-01-05</span></li>
  <li><a href=" java&#x09;script:alert(4)">伪链接</a></li>
  <li><a href="JaVaScRiPt:alert(5)">大写伪链接</a></li>
  <li><a href="data:text/html,<script>alert(6)</script>">数据链接</a></li>
</ul>
<img src="x" onerror="alert(7)">
<form action="http://evil.example/post"><input name="q"><button formaction="javascript:alert(8)">查</button></form>
<svg><script>alert(9)</script><a xlink:href="javascript:alert(10)">s</a></svg>
<iframe src="http://evil.example/"></iframe><iframe srcdoc="<script>alert(11)</script>"></iframe>
<object data="x.swf"></object><embed src="x.swf"><applet code="x"></applet>
<noscript><img src="http://evil.example/pixel"></noscript>
<p style="position:fixed" ONMOUSEOVER="alert(12)">正文</p>
</body></html>"""


@pytest.fixture(scope="module")
def clean() -> LexborHTMLParser:
    return LexborHTMLParser(sanitise_html(HOSTILE))


def test_no_script_frame_plugin_or_head_loader_survives(clean: LexborHTMLParser) -> None:
    found = clean.css("script, iframe, frame, object, embed, applet, svg, base, link, style, noscript")
    assert [n.tag for n in found] == []


def test_no_refresh_meta_survives_but_the_charset_does(clean: LexborHTMLParser) -> None:
    assert clean.css("meta[http-equiv]") == []
    assert clean.css_first("meta[charset]") is not None


def test_no_event_handler_or_inline_style_survives(clean: LexborHTMLParser) -> None:
    names = {name.lower() for node in clean.css("*") for name in node.attributes}
    assert not {n for n in names if n.startswith("on")}
    assert "style" not in names


def test_no_code_url_survives(clean: LexborHTMLParser) -> None:
    urls = [v or "" for node in clean.css("*") for k, v in node.attributes.items() if k in ("href", "src")]
    assert not [u for u in urls if re.match(r"\s*(javascript|data|vbscript):", u, re.IGNORECASE)]


def test_form_controls_lose_their_actions(clean: LexborHTMLParser) -> None:
    assert clean.css("[action], [formaction]") == []


def test_text_lists_and_plain_links_are_kept(clean: LexborHTMLParser) -> None:
    first = clean.css_first("ul.list li a")
    assert first is not None and first.attributes.get("href") == "/ghjh/201801/t1.html"
    assert first.text() == "2018年工作计划"
    assert len(clean.css("ul.list li")) == 4
    assert clean.body is not None and "正文" in clean.body.text()
