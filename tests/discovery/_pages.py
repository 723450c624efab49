"""Pages every generated site needs besides its home page: list pages in several markups, static pages,
section pages, and gkmlpt's shell and API.  Written for freshwatch (nothing copied from a real site).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

TODAY = date(2026, 11, 26)
TOPICS = (
    "安全生产大检查",
    "森林防火",
    "乡村振兴",
    "营商环境优化",
    "河长制",
    "扫黑除恶",
    "创文巩卫",
    "垃圾分类",
    "禁毒宣传",
    "防汛抗旱",
    "疫苗接种",
    "老旧小区改造",
)
ACTIONS = (
    "工作部署会召开",
    "专项行动开展情况",
    "督导检查顺利完成",
    "培训班举办",
    "推进会召开",
    "工作取得阶段性成效",
)


@dataclass(frozen=True)
class Item:
    title: str
    href: str
    day: date


def items(rng: random.Random, count: int, href_of: object, newest: int = 3) -> list[Item]:
    """``count`` items, newest first, ``newest`` days or more before TODAY."""
    out: list[Item] = []
    day = TODAY - timedelta(days=newest + rng.randint(0, 5))
    for n in range(count):
        title = f"{rng.choice(TOPICS)}{rng.choice(ACTIONS)}"
        out.append(Item(title, href_of(day, 1000 + rng.randint(0, 8999) + n), day))  # type: ignore[operator]
        day -= timedelta(days=rng.randint(1, 12))
    return out


def document(title: str, body: str, charset: str = "utf-8") -> str:
    meta = (
        '<meta charset="utf-8">'
        if charset == "utf-8"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    return (
        f"<!DOCTYPE html>\n<html lang='zh-CN'><head>{meta}<title>{escape(title)}</title></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def footer(site: str) -> str:
    return (
        '<div class="footer"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | '
        '<a href="http://www.gov.cn/">中国政府网</a>'
        f"<p>主办单位：{escape(site)}　网站标识码：4413000041　粤ICP备05021425号-1</p></div>"
    )


def list_body(style: str, entries: list[Item]) -> str:
    """The list in one of the markups CMSs use; each a shape ``read_list`` knows."""
    if style == "ul":
        rows = "".join(
            f'<li><a href="{e.href}" target="_blank">{e.title}</a><span>{e.day:%Y-%m-%d}</span></li>'
            for e in entries
        )
        return f'<ul class="list">{rows}</ul>'
    if style == "table":
        rows = "".join(
            f'<tr><td><a href="{e.href}">{e.title}</a></td><td width="90">[{e.day:%Y-%m-%d}]</td></tr>'
            for e in entries
        )
        return f'<table class="list" width="100%">{rows}</table>'
    if style == "dl":
        rows = "".join(
            f'<dl><dt><a href="{e.href}">{e.title}</a></dt><dd>{e.day:%Y/%m/%d}</dd></dl>' for e in entries
        )
        return f'<div class="news-list">{rows}</div>'
    if style == "cn":
        rows = "".join(
            f'<div class="item"><a href="{e.href}">{e.title}</a><em>{e.day.year}年{e.day.month:02d}月{e.day.day:02d}日</em></div>'
            for e in entries
        )
        return f'<div class="list-box">{rows}</div>'
    if style == "undated":
        rows = "".join(
            f'<li><a href="{e.href}">{e.title}（第{n + 1}期）</a></li>' for n, e in enumerate(entries)
        )
        return f'<ul class="list">{rows}</ul>'
    if style == "blank":
        return '<ul class="list"></ul><p class="empty">暂无信息</p>'
    if style == "hanweb":
        records = "".join(
            f"<record><![CDATA[<tr><td><a href='{e.href}' target='_blank'>{e.title}</a></td>"
            f"<td>[{e.day:%Y-%m-%d}]</td></tr>]]></record>"
            for e in entries
        )
        return (
            '<div id="50123"><script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup>'
            f"<recordset>{records}</recordset></datastore></script></div>"
        )
    raise ValueError(style)


def list_page(site: str, column: str, style: str, entries: list[Item], charset: str = "utf-8") -> str:
    body = (
        f'<div class="header"><h1>{escape(site)}</h1></div>'
        f'<div class="position">当前位置：<a href="/">首页</a> &gt; {escape(column)}</div>'
        f'<div class="main"><h2 class="column-title">{escape(column)}</h2>{list_body(style, entries)}'
        '<div class="page">共 5 页 <a href="#">下一页</a></div></div>' + footer(site)
    )
    return document(f"{column}_{site}", body, charset)


def static_page(site: str, title: str, charset: str = "utf-8") -> str:
    """A page with no list: 机构职能, 网上信访, 联系我们."""
    body = (
        f'<div class="header"><h1>{escape(site)}</h1></div>'
        f'<div class="main"><h2>{escape(title)}</h2><p>{escape(site)}负责本级政府网站建设与管理，'
        "受理群众来信来访，联系电话 0752-1234567。</p><p>办公地址：人民路 1 号。</p>"
        '<form action="/xf/submit"><textarea name="content"></textarea><button>提交</button></form></div>'
        + footer(site)
    )
    return document(f"{title}_{site}", body, charset)


def section_page(
    site: str, title: str, blocks: list[tuple[str, str, list[Item]]], charset: str = "utf-8"
) -> str:
    """A menu page (新闻中心) with a few items of each column below it: dated, but no column of its own."""
    parts = "".join(
        f'<div class="block"><div class="block-hd"><h3>{escape(name)}</h3><a href="{href}">更多</a></div>'
        + list_body("ul", entries[:4])
        + "</div>"
        for name, href, entries in blocks
    )
    return document(f"{title}_{site}", f'<div class="main">{parts}</div>' + footer(site), charset)


def gkmlpt_shell(site: str, sid: str, tree: str) -> str:
    """gkmlpt's index: a script app; the category tree is rendered server-side on this template."""
    body = (
        f'<div class="header"><h1>{escape(site)}政府信息公开</h1></div>'
        f'<div class="gkml-tree">{tree}</div>'
        '<div id="app" class="gkml-content">正在加载...</div>'
        f"<script>window.GKML = {{ sid: '{sid}', api: '/gkmlpt/api/all/' }};</script>"
        '<script src="/gkmlpt/static/js/app.js"></script>' + footer(site)
    )
    return document(f"政府信息公开_{site}", body)


def gkmlpt_api(entries: list[Item], catid: int) -> str:
    articles = [
        {
            "id": catid * 1000 + n,
            "title": e.title,
            "url": e.href,
            "display_publish_time": f"{e.day:%Y-%m-%d} 09:30:00",
        }
        for n, e in enumerate(entries)
    ]
    return json.dumps({"data": {"articles": articles, "total": len(articles), "page": 1}}, ensure_ascii=False)
