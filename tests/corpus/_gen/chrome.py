"""The page chrome every government page carries: head metas, header, nav, breadcrumb, sidebars, footer.

Each piece carries the distractors real templates have: "today is" widgets, page-generation metas, sidebars
of other columns with newer dates, copyright years, ICP and 公安备案 numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tests.corpus._gen import words

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Site:
    name: str  # 临江市人民政府
    column: str  # 通知公告
    path: tuple[str, ...]  # breadcrumb between 首页 and the column: ("政务公开",)
    id_code: str  # 网站标识码
    icp: str


def site_for(rng: random.Random, column: str, path: tuple[str, ...]) -> Site:
    place = rng.choice(words.PLACES)
    prov = rng.choice("豫皖湘鄂赣黔滇桂陇蒙")
    return Site(
        name=f"{place}人民政府",
        column=column,
        path=path,
        id_code=f"{rng.randint(1100, 6500)}{rng.randint(0, 999999):06d}",
        icp=f"{prov}ICP备{rng.randint(5000000, 9999999):07d}号-{rng.randint(1, 3)}",
    )


def charset_meta(declared: str | None, style: str) -> str:
    if declared is None:
        return ""
    if style == "html5":
        return f'<meta charset="{declared}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'


def head(
    site: Site, declared: str | None, meta_style: str, today: date, gen_meta: bool, extra: str = ""
) -> str:
    gen = (
        f'<meta name="others" content="页面生成时间 {today:%Y-%m-%d} 03:{today.day + 10:02d}:45">\n'
        if gen_meta
        else ""
    )
    return (
        f"<head>\n{charset_meta(declared, meta_style)}\n"
        f"<title>{site.column}_{site.name}</title>\n"
        f'<meta name="SiteName" content="{site.name}">\n'
        f'<meta name="SiteIDCode" content="{site.id_code}">\n'
        f'<meta name="ColumnName" content="{site.column}">\n'
        f'<meta name="ColumnType" content="{site.column}">\n'
        f"{gen}"
        '<link rel="stylesheet" type="text/css" href="/images/style.css">\n'
        '<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>\n'
        f"{extra}</head>\n"
    )


def today_widget(kind: str, today: date) -> str:
    if kind == "static":
        return f'<div class="today">今天是{today.year}年{today.month}月{today.day}日 星期{WEEKDAYS[today.weekday()]}</div>'
    if kind == "stale":  # a template whose "today" was frozen when the page was last generated
        return '<span class="date">今天是2021年3月4日 星期四</span>'
    if kind == "dashed":
        return f'<span class="top-date">{today:%Y-%m-%d} 星期{WEEKDAYS[today.weekday()]}</span>'
    if kind == "js":
        return (
            '<span id="nowDate"></span><script type="text/javascript">var d=new Date();'
            'var w=["日","一","二","三","四","五","六"];document.getElementById("nowDate").innerHTML='
            '"今天是"+d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日 星期"+w[d.getDay()];</script>'
        )
    return ""


def header(site: Site, widget: str, today: date) -> str:
    return (
        '<div class="top"><div class="top-in">'
        f"{today_widget(widget, today)}"
        '<div class="top-links"><a href="/">网站首页</a> | <a href="/wza/">无障碍</a> | <a href="/en/">English</a></div>'
        "</div></div>\n"
        f'<div class="header"><h1 class="logo"><a href="/">{site.name}</a></h1>'
        '<form class="search" action="/search/" method="get"><input type="text" name="q" value="">'
        '<input type="submit" value="搜索"></form></div>\n'
    )


def nav() -> str:
    menu = (
        ("首页", "/"),
        ("政务公开", "/zwgk/"),
        ("新闻中心", "/xwzx/"),
        ("政务服务", "/zwfw/"),
        ("互动交流", "/hdjl/"),
        ("专题专栏", "/ztzl/"),
    )
    lis = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in menu)
    return f'<div class="nav"><ul class="nav-list">{lis}</ul></div>\n'


def breadcrumb(site: Site) -> str:
    parts = ['<a href="/">首页</a>'] + [f'<a href="../">{p}</a>' for p in site.path]
    parts.append(f'<a href="./">{site.column}</a>')
    return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>\n'


def sidebar(rng: random.Random, heading: str, newest: date, today: date, n: int) -> str:
    """Another column's headlines: dated up to the crawl day, so newer than the list beside them."""
    days = sorted(
        (newest + timedelta(days=rng.randint(0, max((today - newest).days, 0))) for _ in range(n)),
        reverse=True,
    )
    days[0] = today if rng.random() < 0.5 else days[0]
    lis = []
    for i, d in enumerate(days):
        href = f"/xwzx/jrtt/{d:%Y%m}/t{d:%Y%m%d}_{rng.randint(100000, 999999)}.html"
        text = words.title(rng, "news", d)
        lis.append(
            f'<li><a href="{href}" title="{text}">{text[:14]}…</a><span>{d:%m-%d}</span></li>'
            if i % 2
            else f'<li><a href="{href}">{text}</a><span class="time">{d:%Y-%m-%d}</span></li>'
        )
    return (
        f'<div class="side-box"><div class="side-tit"><h3>{heading}</h3><a href="/xwzx/" class="more">更多&gt;&gt;</a>'
        f'</div><ul class="side-list">{"".join(lis)}</ul></div>\n'
    )


def footer(site: Site, today: date, last_update: bool) -> str:
    upd = f"<p>本站最后更新：{today:%Y-%m-%d}</p>" if last_update else ""
    return (
        '<div class="footer">'
        '<div class="footer-links"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | '
        '<a href="/sysm/">使用帮助</a></div>'
        f"<p>主办：{site.name}办公室　承办：{site.name}电子政务中心</p>"
        f"<p>版权所有&copy;2014-{today.year} {site.name} 网站标识码：{site.id_code}</p>"
        f'<p><a href="https://beian.miit.gov.cn/" target="_blank">{site.icp}</a>　'
        f"公网安备 {site.id_code[:6]}02000{site.id_code[-3:]}号</p>"
        f"{upd}<p>建议使用1366&times;768分辨率 IE9.0以上版本浏览器</p>"
        "</div>\n"
    )


def wrap(head_html: str, body: str, lang: bool = True) -> str:
    attr = ' lang="zh-CN"' if lang else ""
    return f"<!DOCTYPE html>\n<html{attr}>\n{head_html}<body>\n{body}</body>\n</html>\n"
