"""A farm of N government-like sites with M pages each, pre-rendered to files for nginx.

Site k lives at http://127.0.1.k:PORT/ (distinct loopback addresses, so every crawler sees
distinct hosts and applies its per-host limits the same way).  Each site has a home page, four
columns with paginated TRS-style lists, articles with attachments and images, and a few broken
links whose truth is written to ``truth.json``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

COLUMNS = (("gzdt", "工作动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("ghjh", "规划计划"))
PER_LIST = 20
TODAY = date(2026, 11, 20)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class FarmSpec:
    sites: int = 50
    pages: int = 400  # pages per site, lists + articles + home
    port: int = 8480
    broken_per_site: int = 2


def host(k: int) -> str:
    return f"127.0.1.{k}"


def site_url(k: int, port: int) -> str:
    return f"http://{host(k)}:{port}/"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>"
        '<div class="header"><a href="/">首页</a> '
        + " ".join(f'<a href="/{slug}/">{name}</a>' for slug, name in COLUMNS)
        + f'</div><div class="main">{body}</div>'
        '<div class="footer">主办单位：示例区人民政府 ICP备05000000号</div></body></html>'
    )


def _write(root: Path, relative: str, content: str | bytes) -> None:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def generate(spec: FarmSpec, out: Path) -> dict[str, Any]:
    """Write the farm under ``out/sites/<host>/`` and return the truth (also in truth.json)."""
    rng = random.Random(20181231)
    broken: list[str] = []
    pages: list[str] = []
    per_column = max(1, (spec.pages - 1) // len(COLUMNS))
    for k in range(1, spec.sites + 1):
        root = out / "sites" / host(k)
        base = site_url(k, spec.port)
        home_items: list[str] = []
        for slug, name in COLUMNS:
            lists = max(1, per_column // (PER_LIST + 1))
            articles = per_column - lists
            day = TODAY - timedelta(days=rng.randint(0, 5))
            entries = []
            for n in range(articles):
                day -= timedelta(days=rng.randint(0, 3))
                path = f"{slug}/{day:%Y%m}/t{day:%Y%m%d}_{k}{n:05d}.html"
                entries.append((path, f"{name}信息第{n + 1}号", day))
            for n, (path, title, day_) in enumerate(entries):
                extra = ""
                if n % 7 == 0:
                    extra += f'<p><a href="/{slug}/files/P{k}{n:05d}.pdf">附件：{title}.pdf</a></p>'
                    _write(root, f"{slug}/files/P{k}{n:05d}.pdf", PDF)
                if n % 5 == 0:
                    extra += f'<p><img src="/{slug}/images/W{k}{n:05d}.png" alt="配图"></p>'
                    _write(root, f"{slug}/images/W{k}{n:05d}.png", PNG)
                if n < spec.broken_per_site and slug == "gzdt":
                    dead = f"/{slug}/{day_:%Y%m}/t{day_:%Y%m%d}_dead{k}{n}.html"
                    extra += f'<p><a href="{dead}">相关链接</a></p>'
                    broken.append(base.rstrip("/") + dead)
                body = (
                    f'<h1>{title}</h1><div class="info">发布时间：{day_:%Y-%m-%d}</div>'
                    f"<p>{title}的正文内容。</p>{extra}"
                )
                _write(root, path, _page(title, body))
                pages.append(base + path)
            for p in range(lists):
                chunk = (
                    entries[p * PER_LIST : (p + 1) * PER_LIST] if p < lists - 1 else entries[p * PER_LIST :]
                )
                items = "".join(
                    f'<li><a href="/{path}" title="{title}">{title}</a><span>{day_:%Y-%m-%d}</span></li>'
                    for path, title, day_ in chunk
                )
                pager = f'<script>createPageHTML({lists}, {p}, "index", "html");</script>'
                links = "".join(
                    f'<a href="/{slug}/{"index" if q == 0 else f"index_{q}"}.html">{q + 1}</a> '
                    for q in range(lists)
                )
                name_file = "index.html" if p == 0 else f"index_{p}.html"
                _write(
                    root,
                    f"{slug}/{name_file}",
                    _page(name, f'<ul class="list">{items}</ul>{pager}<div class="page">{links}</div>'),
                )
                pages.append(base + f"{slug}/{name_file}")
            home_items += [
                f'<li><a href="/{path}">{title}</a><span>{day_:%m-%d}</span></li>'
                for path, title, day_ in entries[:5]
            ]
        _write(root, "index.html", _page("示例区政府网站", f'<ul class="news">{"".join(home_items)}</ul>'))
        pages.append(base)
    truth = {"sites": spec.sites, "pages": len(pages), "broken": sorted(broken), "page_urls": pages}
    out.mkdir(parents=True, exist_ok=True)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def freshwatch_config(
    spec: FarmSpec, *, concurrency: int = 64, per_host: int = 4, transport: str | None = None
) -> str:
    """A freshwatch config covering the farm, with the benchmark's concurrency and scope;
    ``transport`` picks ``crawl.transport`` (None: the crawler's default)."""
    chosen = f", transport: {transport}" if transport else ""
    lines = [
        "rules: national",
        f"crawl: {{concurrency: {concurrency}, per_host: {per_host}, depth: 3, page_budget: 100000,"
        f" list_pages: 200, check_external: false{chosen}}}",
        "units:",
    ]
    for k in range(1, spec.sites + 1):
        base = site_url(k, spec.port)
        lines += [
            f"  - id: s{k}",
            f"    name: 站点{k}",
            "    sites:",
            f"      - home: {base}",
            "        columns:",
        ]
        lines += [
            f"          - {{name: {name}, url: {base}{slug}/index.html, category: news}}"
            for slug, name in COLUMNS
        ]
    return "\n".join(lines) + "\n"
