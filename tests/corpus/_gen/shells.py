"""Pages with no list in their HTML: script-filled shells, challenge pages, SPAs, single-text columns.

Each keeps the chrome that tempts a detector (today widgets, footers, a stale date) and must read `unreadable`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tests.corpus._gen import chrome


@dataclass(frozen=True)
class Shell:
    id: str
    template: str
    path: str
    today: date
    build: Callable[[date], str]
    encoding: str = "utf-8"
    declared: str | None = "utf-8"
    traps: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1{self.path}"


def _site(seed: str, column: str) -> chrome.Site:
    return chrome.site_for(random.Random(seed), column, ("政务公开",))


def ajax_shell(today: date) -> str:
    site = _site("ajax", "通知公告")
    script = (
        "<script type=\"text/javascript\">\nvar pageNo = 1, pageSize = 15, channelId = '8a2f4c1e6b';\n"
        "function loadList(p){\n  $.getJSON('/api/cms/article/list', {channelId: channelId, pageNo: p, pageSize: pageSize},"
        " function(res){\n    var html = '';\n    $.each(res.data.list, function(i, it){\n"
        "      html += '<li><a href=\"' + it.url + '\" target=\"_blank\">' + it.title + '</a><span>'"
        " + it.publishDate.substring(0, 10) + '</span></li>';\n    });\n"
        "    $('#newsList').html(html);\n    $('#pager').text('共' + res.data.total + '条');\n  });\n}\n"
        "$(function(){ loadList(pageNo); });\n</script>\n"
    )
    body = (
        chrome.header(site, "static", today)
        + chrome.nav()
        + f'<div class="container">{chrome.breadcrumb(site)}<div class="main-right">'
        '<div class="column-tit"><h2>通知公告</h2></div>'
        '<ul id="newsList" class="list"><li class="loading">正在加载，请稍候...</li></ul>'
        f'<div id="pager" class="pages"></div></div></div>\n{script}' + chrome.footer(site, today, False)
    )
    return chrome.wrap(chrome.head(site, "utf-8", "html5", today, False), body)


def waf_challenge(today: date) -> str:
    rnd = random.Random("waf")
    table = ",".join(f"'\\x{rnd.randint(0x41, 0x7A):02x}\\x{rnd.randint(0x41, 0x7A):02x}'" for _ in range(60))
    blob = "".join(rnd.choice("abcdef0123456789") for _ in range(512))
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title>\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<script>var _0x4e1a=[{table}];(function(_0x2d8f,_0x4b81){{var _0x6a1c=function(_0x1c9e)"
        "{while(--_0x1c9e){_0x2d8f['push'](_0x2d8f['shift']());}};_0x6a1c(++_0x4b81);}(_0x4e1a,0x1b3));"
        f"var _0x5c2b='{blob}';function _0x3f(_0xk){{var s='';for(var i=0;i<_0xk.length;i+=2)"
        "{s+=String.fromCharCode(parseInt(_0xk.substr(i,2),16)^0x5a);}return s;}"
        "document.cookie='__wsc_v='+_0x3f(_0x5c2b).slice(0,32)+';path=/;max-age=1800';"
        "setTimeout(function(){location.reload();},1500);</script>\n"
        '</head><body><div style="text-align:center;margin-top:120px;color:#666">'
        "<p>正在进行安全检测，请稍候...</p><p>如果页面长时间未跳转，请刷新页面</p>"
        "<noscript>请开启浏览器JavaScript功能后访问</noscript></div></body></html>\n"
    )


def vue_spa(today: date) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge"><meta name="viewport" content="width=device-width,initial-scale=1">'
        '<link rel="icon" href="/favicon.ico"><title>政务公开</title>'
        '<link href="/static/css/app.5c3e9a1f.css" rel="preload" as="style">'
        '<link href="/static/js/app.8f21b7d0.js" rel="preload" as="script">'
        '<link href="/static/js/chunk-vendors.2b6a41c3.js" rel="preload" as="script">'
        '<link href="/static/css/app.5c3e9a1f.css" rel="stylesheet"></head>\n'
        "<body><noscript><strong>很抱歉，本网站需要启用JavaScript才能正常浏览，请启用后重试。</strong></noscript>"
        '<div id="app"></div>'
        '<script>window.__CONFIG__={"apiBase":"/gateway/portal","siteId":"2c9080ee","version":"2.3.1"};</script>'
        '<script src="/static/js/chunk-vendors.2b6a41c3.js"></script><script src="/static/js/app.8f21b7d0.js"></script>'
        "</body></html>\n"
    )


def no_list(today: date) -> str:
    site = _site("nolist", "机构职能")
    paras = "".join(
        f"<p>　　{t}</p>"
        for t in (
            "（一）贯彻执行国家、省有关方针政策和法律法规，拟订全市相关政策措施并组织实施。",
            "（二）负责统筹推进本行业领域改革发展，编制中长期规划和年度计划并监督实施。",
            "（三）负责本部门政务公开、信息化建设和安全生产相关工作。",
            "（四）完成市委、市政府交办的其他任务。",
        )
    )
    body = (
        chrome.header(site, "static", today)
        + chrome.nav()
        + f'<div class="container">{chrome.breadcrumb(site)}<div class="main-right">'
        f'<div class="column-tit"><h2>机构职能</h2></div><div class="article-con">{paras}'
        "<p>办公地址：市行政中心3号楼 邮编：451200 电话：0371-6888XXXX</p></div></div></div>\n"
        + chrome.footer(site, today, True)
    )
    return chrome.wrap(chrome.head(site, "utf-8", "http-equiv", today, False), body)


def template_shell(today: date) -> str:
    """A JPaaS-style column: the list is a client-side template over an API, the "today" text is stale."""
    site = _site("tpl", "政策解读")
    tpl = (
        '<script id="listTpl" type="text/x-handlebars-template">{{#each data}}<li>'
        '<a href="{{url}}" target="_blank" title="{{title}}">{{title}}</a><span>{{formatDate releaseTime}}</span>'
        "</li>{{/each}}</script>"
    )
    body = (
        chrome.header(site, "stale", today)
        + chrome.nav()
        + f'<div class="container">{chrome.breadcrumb(site)}<div class="main-right">'
        '<div class="column-tit"><h2>政策解读</h2></div><ul class="list" id="listBox"></ul><div id="page"></div>'
        f"</div></div>\n{tpl}\n"
        '<script src="/module/jpaas/js/handlebars.min.js"></script>'
        "<script>var params={webId:'a7c3',columnId:'380211',pageSize:15};"
        'var channelsTagSelf={"name":"政策解读","releaseTime":1749181130585,"articleCount":318};'
        "loadPageData(params,'380211');</script>\n" + chrome.footer(site, today, False)
    )
    return chrome.wrap(chrome.head(site, "utf-8", "html5", today, False), body)


def ruishu_like(today: date) -> str:
    rnd = random.Random("rs")
    meta = "".join(
        rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._") for _ in range(320)
    )
    ts = "".join(
        rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(900)
    )
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f'<meta content="{meta}" r="m">'
        f'<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={{}};$_ts.nsd=4817;'
        f'$_ts.cd="{ts}";if($_ts.lcd)$_ts.lcd();</script>'
        '<script type="text/javascript" charset="utf-8" src="/Kq2mLQe9Zb5x/aB7cD1eF.b3a1f0.js" r="m"></script>'
        "</head><body></body></html>\n"
    )


UNREADABLE: tuple[Shell, ...] = (
    Shell(
        "shell_ajax_01",
        "js_shell_ajax",
        "/hx/zwgk/tzgg/index.html",
        date(2026, 11, 26),
        ajax_shell,
        traps=("list filled by $.getJSON; static today widget and footer years",),
    ),
    Shell("shell_waf_01", "waf_challenge", "/zwgk/index.html", date(2026, 11, 26), waf_challenge),
    Shell("shell_spa_01", "vue_spa", "/portal/zwgk/list", date(2026, 11, 26), vue_spa),
    Shell(
        "shell_nolist_01",
        "no_list",
        "/jgzn/index.html",
        date(2026, 11, 26),
        no_list,
        traps=("a single-text column: no items at all",),
    ),
    Shell(
        "shell_template_01",
        "js_template",
        "/col/col380211/index.html",
        date(2026, 11, 26),
        template_shell,
        traps=("stale 今天是2021年3月4日; channel releaseTime epoch in a script",),
    ),
    Shell("shell_ruishu_01", "antibot_412", "/zwgk/zcwj/", date(2026, 11, 26), ruishu_like),
)
