"""The frame every page of a simulated site shares: head, header with the date widget, nav, footer.

The four families differ in class names, doctype and where the "今天是" widget sits, as real
government CMS templates do; the detector must find the item list inside any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from freshwatch.demo.content import DEMO_DAY, SiteContent
from freshwatch.demo.units import Family

WEEKDAYS = "一二三四五六日"
DATE_FORMATS = {
    Family.trs: "%Y-%m-%d",
    Family.hanweb: "[%Y-%m-%d]",
    Family.cards: "%Y年%m月%d日",
    Family.dlist: "%Y/%m/%d",
}


@dataclass(frozen=True)
class Friend:
    """Another farm site, linked from 友情链接 (links between farm sites are legitimate)."""

    name: str
    url: str


def fmt(site: SiteContent, day: date) -> str:
    return day.strftime(DATE_FORMATS[site.unit.family])


def today_widget() -> str:
    return f"今天是{DEMO_DAY.year}年{DEMO_DAY.month}月{DEMO_DAY.day}日 星期{WEEKDAYS[DEMO_DAY.weekday()]}"


def site_title(site: SiteContent) -> str:
    return f"仲恺高新区{site.unit.name}"


def head(site: SiteContent, title: str, extra_meta: str = "") -> str:
    charset = (
        '<meta charset="utf-8">'
        if site.unit.encoding == "utf-8"
        else '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    doctype = (
        "<!DOCTYPE html>"
        if site.unit.family in (Family.cards, Family.dlist)
        else '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
    )
    return (
        f'{doctype}\n<html lang="zh-CN">\n<head>\n{charset}\n'
        f"<title>{escape(title)}</title>\n"
        f'<meta name="SiteName" content="{escape(site_title(site))}">\n'
        f'<meta name="keywords" content="{escape(site.unit.name)},仲恺高新区,政府信息公开">\n'
        f"{extra_meta}"
        "</head>\n"
    )


def header(site: SiteContent, with_widget: bool) -> str:
    widget = f'<div class="topbar"><span class="today">{today_widget()}</span></div>\n' if with_widget else ""
    nav = "".join(f'<li><a href="{column.list_path}">{column.title}</a></li>' for column in site.columns)
    return (
        f'{widget}<div class="header"><a href="/"><img src="{site.paths.logo}" alt="{escape(site_title(site))}"></a>'
        f"<h1>{escape(site_title(site))}</h1>"
        '<div class="search"><input type="text" name="searchword" placeholder="请输入关键字">'
        '<button type="button" onclick="return false;">搜索</button></div></div>\n'
        f'<div class="nav"><ul><li><a href="/">首页</a></li>{nav}'
        f'<li><a href="{site.paths.nav_page}">网上信访</a></li></ul></div>\n'
    )


def footer(site: SiteContent) -> str:
    return (
        '<div class="footer">\n'
        f'<p><a href="{site.paths.sitemap}">网站地图</a> | <a href="mailto:zkgxq_{site.unit.id}@hzzk.gov.cn">联系我们</a>'
        ' | <a href="#top">返回顶部</a></p>\n'
        f"<p>主办单位：仲恺高新区{escape(site.unit.name)}　地址：惠州市仲恺高新区和畅五路西10号　邮编：516006</p>\n"
        "<p>版权所有：仲恺高新区管委会　粤ICP备05021425号-1　网站标识码：4413000041</p>\n"
        "<p>粤公网安备 44133002100086号　建议使用1024×768以上分辨率浏览</p>\n"
        "</div>\n"
    )


def breadcrumb(site: SiteContent, column_title: str, column_path: str) -> str:
    return (
        f'<div class="position">当前位置：<a href="/">首页</a> &gt; '
        f'<a href="{column_path}">{escape(column_title)}</a></div>\n'
    )


def page(site: SiteContent, title: str, body: str, *, widget: bool, extra_meta: str = "") -> str:
    return (
        head(site, f"{title}-{site_title(site)}" if title else site_title(site), extra_meta)
        + f'<body>\n<a name="top"></a>\n{header(site, widget)}<div class="main">\n{body}</div>\n{footer(site)}</body>\n</html>\n'
    )


def not_found(site: SiteContent, status: int) -> str:
    text = "该信息已撤销" if status == 410 else "您访问的页面不存在或已被删除"
    body = (
        f'<div class="error"><h2>{status} {text}</h2>'
        "<p>可能原因：网址有错误，或该页面已被删除、更名、暂时不可用。</p>"
        '<p><a href="/">返回首页</a></p></div>\n'
    )
    return page(site, text, body, widget=False)


def static_page(site: SiteContent, title: str, paragraphs: list[str]) -> str:
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return page(site, title, f'<div class="content"><h2>{escape(title)}</h2>{text}</div>\n', widget=False)
