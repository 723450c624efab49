"""Generated government sites for the discovery corpus: one home page per template, every page it links to,
and the columns a person would register on it (the truth).

Templates imitate the CMS families freshwatch meets: TRS WCM portals, 大汉 Hanweb (GBK, table blocks, image
"more" buttons, datastore lists), 集约化 card grids, Guangdong's gkmlpt directory, hand-made table layouts
with ``list.asp?lm=N`` columns, nav menus with dropdowns, a 信息公开 directory page, a GBK portal whose
server names no charset, tabbed boxes, VSB query-string columns, and image headings.  Every home carries
the traps of real ones: 首页, 网站地图, 联系我们, a static 网上信访 page, dated article links, an external
link, a section page (新闻中心) holding several columns.  Deterministic: seeded by the site id.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape

from tests.discovery import _pages as pg
from tests.discovery._pages import Item


@dataclass(frozen=True)
class TruthColumn:
    name: str
    path: str  # site-relative URL (query and gkmlpt fragment included)
    category: str


@dataclass(frozen=True)
class Site:
    id: str
    template: str
    name: str
    encoding: str
    routes: dict[str, tuple[bytes, str]]  # path (with query) -> (body, content type)
    truth: tuple[TruthColumn, ...]
    notes: tuple[str, ...] = ()
    redirects: tuple[tuple[str, str], ...] = ()  # (path, Location): 301s


@dataclass
class _Builder:
    id: str
    template: str
    name: str
    encoding: str = "utf-8"
    header_charset: bool = True
    routes: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    truth: list[TruthColumn] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.id)

    @property
    def charset(self) -> str:
        return "utf-8" if self.encoding == "utf-8" else "gb2312"

    def put(self, path: str, html: str, content_type: str = "text/html") -> None:
        if content_type == "text/html" and self.header_charset:
            content_type = f"text/html; charset={self.encoding}"
        self.routes[path] = (html.encode(self.encoding), content_type)
        # a directory is its index page too, as on every CMS: /tzgg/ and /tzgg/index.html
        if path.endswith("/") and path != "/":
            self.routes[path + "index.html"] = self.routes[path]
        elif path.endswith("/index.html"):
            self.routes[path.removesuffix("index.html")] = self.routes[path]

    def column(
        self,
        name: str,
        path: str,
        category: str,
        style: str = "ul",
        article: Callable[[date, int], str] | None = None,
        truth: bool = True,
    ) -> list[Item]:
        base = path.split("?")[0].rsplit("/", 1)[0]
        href = article or (lambda day, n: f"{base}/{day:%Y%m}/t{day:%Y%m%d}_{n}.html")
        entries = pg.items(self.rng, 12, href)
        self.put(path, pg.list_page(self.name, name, style, entries, self.charset))
        if truth:
            self.truth.append(TruthColumn(name, path, category))
        return entries

    def static(self, path: str, title: str) -> None:
        self.put(path, pg.static_page(self.name, title, self.charset))

    def home(self, body: str) -> Site:
        self.static("/wzdt/", "网站地图")
        self.static("/lxwm/", "联系我们")
        html = pg.document(self.name, body + pg.footer(self.name), self.charset)
        self.put("/", html)
        return Site(
            self.id,
            self.template,
            self.name,
            self.encoding,
            self.routes,
            tuple(self.truth),
            tuple(self.notes),
            tuple(self.redirects),
        )


def _lis(entries: list[Item], count: int = 5, fmt: str = "%Y-%m-%d") -> str:
    return "".join(
        f'<li><a href="{e.href}" title="{e.title}">{e.title}</a><span>{e.day.strftime(fmt)}</span></li>'
        for e in entries[:count]
    )


# --- templates ---------------------------------------------------------------------------------------


def trs_portal(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "trs_portal", name)
    news = b.column("工作动态", "/xwzx/gzdt/", "news")
    notices = b.column("通知公告", "/xwzx/tzgg/", "notice")
    b.column("图片新闻", "/xwzx/tpxw/", "news")
    policy = b.column("政策文件", "/zwgk/zcwj/", "policy")
    b.column("政策解读", "/zwgk/zcjd/", "interpretation")
    b.column("规划计划", "/zwgk/ghjh/", "plan")
    b.column("人事信息", "/zwgk/rsxx/", "personnel")
    b.static("/hdjl/wsxf/", "网上信访")
    b.put(
        "/xwzx/",
        pg.section_page(name, "新闻中心", [("工作动态", "./gzdt/", news), ("通知公告", "./tzgg/", notices)]),
    )
    b.put(
        "/zwgk/",
        pg.document(
            f"政务公开_{name}",
            '<div class="xxgk-nav"><ul><li><a href="./zcwj/">政策文件</a></li><li><a href="./zcjd/">政策解读</a></li>'
            '<li><a href="./ghjh/">规划计划</a></li><li><a href="./rsxx/">人事信息</a></li></ul></div>'
            + pg.footer(name),
        ),
    )
    body = (
        '<div class="top"><a href="./">首页</a><a href="./wzdt/">网站地图</a></div>'
        '<div class="nav"><ul><li><a href="./">首页</a></li><li><a href="./xwzx/">新闻中心</a></li>'
        '<li><a href="./zwgk/">政务公开</a></li><li><a href="./hdjl/wsxf/">网上信访</a></li></ul></div>'
        '<div class="main">'
        f'<div class="box"><div class="box-hd"><h3>工作动态</h3><a href="./xwzx/gzdt/" class="more">更多&gt;&gt;</a></div><ul>{_lis(news)}</ul></div>'
        f'<div class="box"><div class="box-hd"><h3>通知公告</h3><a href="./xwzx/tzgg/index.html" class="more">更多&gt;&gt;</a></div><ul>{_lis(notices)}</ul></div>'
        f'<div class="box"><div class="box-hd"><h3>政策文件</h3><a href="./zwgk/zcwj/" class="more">更多&gt;&gt;</a></div><ul>{_lis(policy)}</ul></div>'
        '<div class="pic"><h3>图片新闻</h3><a href="./xwzx/tpxw/" class="more">更多</a></div>'
        "</div>"
    )
    b.notes.append("directory 政务公开 holds 政策解读/规划计划/人事信息; section 新闻中心")
    return b.home(body)


def hanweb_portal(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "hanweb_portal", name, encoding="gbk")
    base = 1000 + random.Random(site_id).randint(100, 800)

    def col(n: int) -> str:
        return f"/col/col{base + n}/index.html"

    def art(n: int) -> Callable[[date, int], str]:
        return lambda day, i: f"/art/{day.year}/{day.month}/{day.day}/art_{base + n}_{i}.html"

    blocks = [
        ("部门动态", 1, "news"),
        ("通知公告", 2, "notice"),
        ("规范性文件", 3, "policy"),
        ("人事任免", 4, "personnel"),
        ("征求意见", 5, "consultation"),
    ]
    html = []
    for title, n, category in blocks:
        entries = b.column(title, col(n), category, style="hanweb", article=art(n))
        rows = "".join(
            f'<tr><td><a href="{e.href}">{e.title}</a></td><td>[{e.day:%Y-%m-%d}]</td></tr>'
            for e in entries[:5]
        )
        html.append(
            '<table width="100%" class="blk"><tr><td class="bt">'
            f'<img src="/images/dot.gif">{title}</td><td align="right"><a href="{col(n)}" target="_blank">'
            f'<img src="/images/more.gif" border="0"></a></td></tr><tr><td colspan="2"><table>{rows}</table></td></tr></table>'
        )
    b.static(col(8), "领导信息")
    body = (
        f'<table width="100%"><tr><td><a href="/">网站首页</a></td><td><a href="{col(8)}">领导信息</a></td>'
        '<td><a href="http://www.gd.gov.cn/">广东省人民政府</a></td></tr></table>' + "".join(html)
    )
    return b.home(body)


def jiyue_cards(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "jiyue_cards", name)
    cards = [
        ("要闻", "/zwgk/yw/index.shtml", "news"),
        ("公示公告", "/zwgk/gsgg/index.shtml", "notice"),
        ("政府文件", "/zwgk/zfwj/index.shtml", "policy"),
        ("计划总结", "/zwgk/jhzj/index.shtml", "plan"),
        ("解读回应", "/zwgk/jdhy/index.shtml", "interpretation"),
    ]
    parts = []
    for title, path, category in cards:
        entries = b.column(
            title,
            path,
            category,
            style="dl",
            article=lambda day, n, p=path: p.rsplit("/", 1)[0] + f"/content/post_{n}.html",
        )
        items = "".join(
            f'<div class="card-item"><a href="{e.href}">{e.title}</a><span class="date">{e.day:%Y/%m/%d}</span></div>'
            for e in entries[:4]
        )
        parts.append(
            f'<div class="card"><div class="card-header"><span class="card-title">{title}</span>'
            f'<a class="card-more" href="{path}">更多 &gt;</a></div><div class="card-body">{items}</div></div>'
        )
    b.static("/hdjl/zxts/index.shtml", "咨询投诉")
    body = (
        '<div class="gov-header"><div class="logo"></div><ul class="gov-nav"><li><a href="/">首页</a></li>'
        '<li><a href="/hdjl/zxts/index.shtml">咨询投诉</a></li><li><a href="/en/">English</a></li></ul></div>'
        f'<div class="card-grid">{"".join(parts)}</div>'
    )
    return b.home(body)


def gkmlpt_directory(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "gkmlpt_directory", name)
    sid = "755"
    news = b.column("工作动态", "/xwdt/gzdt/", "news")
    tree_items = [
        ("机构职能", 1200, None),
        ("政策文件", 1201, "policy"),
        ("规划计划", 1203, "plan"),
        ("人事信息", 1205, "personnel"),
        ("政策解读", 1207, "interpretation"),
        ("财政预决算", 1209, "other"),
    ]
    tree = ""
    for title, catid, category in tree_items:
        tree += f'<li><a href="/gkmlpt/index#{catid}">{title}</a></li>'
        if category is None:
            continue
        entries = pg.items(b.rng, 10, lambda day, n, c=catid: f"/gkmlpt/content/{c}/post_{n}.html#{c}")
        b.routes[f"/gkmlpt/api/all/{catid}?page=1&sid={sid}"] = (
            pg.gkmlpt_api(entries, catid).encode(),
            "application/json; charset=utf-8",
        )
        b.truth.append(TruthColumn(title, f"/gkmlpt/index#{catid}", category))
    b.put("/gkmlpt/index", pg.gkmlpt_shell(name, sid, f"<ul>{tree}</ul>"))
    b.static("/hdjl/", "互动交流")
    body = (
        '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/gkmlpt/index">政府信息公开</a></li>'
        '<li><a href="/hdjl/">互动交流</a></li></ul></div>'
        f'<div class="news"><div class="tit"><h2>工作动态</h2><a href="/xwdt/gzdt/">more</a></div><ul>{_lis(news)}</ul></div>'
    )
    b.notes.append("directory is a gkmlpt shell; columns are index#CATID with the API behind them")
    return b.home(body)


def handmade_table(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "handmade_table", name, encoding="gbk")
    blocks = [
        ("政务动态", 3, "news"),
        ("通知公告", 4, "notice"),
        ("政策法规", 5, "policy"),
        ("人事信息", 7, "personnel"),
    ]
    cells = []
    for title, lm, category in blocks:
        entries = b.column(
            title, f"/list.asp?lm={lm}", category, style="table", article=lambda day, n: f"/show.asp?id={n}"
        )
        rows = "".join(
            f'<tr><td>·<a href="{e.href}">{e.title}</a></td><td>{e.day.month}-{e.day.day}</td></tr>'
            for e in entries[:5]
        )
        cells.append(
            f'<td valign="top"><table width="100%"><tr><td background="images/tbg.gif" class="lm"><b>{title}</b></td>'
            f'<td align="right"><a href="list.asp?lm={lm}">更多&gt;&gt;</a></td></tr>'
            f"<tr><td colspan=2><table>{rows}</table></td></tr></table></td>"
        )
    b.static("/about.asp", "单位简介")
    body = (
        '<table width="980" align="center"><tr><td><a href="index.asp">首页</a> | <a href="about.asp">单位简介</a>'
        ' | <a href="list.asp?lm=3">政务动态</a></td></tr></table>'
        f'<table width="980" align="center"><tr>{cells[0]}{cells[1]}</tr><tr>{cells[2]}{cells[3]}</tr></table>'
    )
    return b.home(body)


def nav_dropdown(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "nav_dropdown", name)
    menus = {
        ("新闻中心", "/xwzx/"): [
            ("工作动态", "/xwzx/gzdt/", "news"),
            ("乡镇动态", "/xwzx/xzdt/", "news"),
            ("通知公告", "/xwzx/tzgg/", "notice"),
        ],
        ("政务公开", "/zwgk/"): [
            ("政策文件", "/zwgk/zcwj/", "policy"),
            ("发展规划", "/zwgk/fzgh/", "plan"),
        ],
        ("互动交流", "/hdjl/"): [
            ("意见征集", "/hdjl/yjzj/", "consultation"),
            ("网上信访", "/hdjl/wsxf/", None),
        ],
    }
    nav = ""
    for (top, top_path), subs in menus.items():
        sub_html = ""
        for title, path, category in subs:
            if category is None:
                b.static(path, title)
            else:
                b.column(title, path, category, style="cn")
            sub_html += f'<li><a href="{path}">{title}</a></li>'
        b.static(top_path, top)
        nav += f'<li class="menu-item"><a href="{top_path}">{top}</a><ul class="submenu">{sub_html}</ul></li>'
    body = (
        f'<div class="header"><ul class="menu"><li><a href="/">首页</a></li>{nav}</ul></div>'
        '<div class="banner"><img src="/images/banner.jpg"></div>'
    )
    b.notes.append("columns only in dropdown submenus")
    return b.home(body)


def xxgk_directory(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "xxgk_directory", name)
    news = b.column("部门动态", "/bmdt/", "news")
    tree = [
        ("机构职能", "/xxgk/jgzn/", None),
        ("政策文件", "/xxgk/zcwj/", "policy"),
        ("政策解读", "/xxgk/zcjd/", "interpretation"),
        ("规划计划", "/xxgk/ghjh/", "plan"),
        ("人事信息", "/xxgk/rsxx/", "personnel"),
        ("财政预决算", "/xxgk/czyjs/", "other"),
        ("建议提案办理", "/xxgk/jyta/", "other"),
    ]
    links = ""
    for title, path, category in tree:
        if category is None:
            b.static(path, title)
        else:
            b.column(title, path, category, style="table")
        links += f'<li><a href="{path}">{title}</a></li>'
    b.put(
        "/xxgk/index.html",
        pg.document(
            f"信息公开_{name}",
            f'<div class="left-tree"><h3>信息公开目录</h3><ul>{links}</ul></div>'
            '<div class="right"><p>请选择左侧目录查看公开信息。</p><a href="/xxgk/gkzn/">信息公开指南</a></div>'
            + pg.footer(name),
        ),
    )
    b.static("/xxgk/gkzn/", "信息公开指南")
    body = (
        '<div class="nav"><a href="/">首页</a><a href="/xxgk/index.html">信息公开</a></div>'
        f'<div class="box"><div class="title"><span>部门动态</span><a href="/bmdt/">更多</a></div><ul>{_lis(news)}</ul></div>'
    )
    b.notes.append("most columns only on the 信息公开 directory page")
    return b.home(body)


def gbk_portal(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "gbk_portal", name, encoding="gbk", header_charset=False)
    blocks = [
        ("新闻动态", "/news/xwdt/", "news"),
        ("通知公告", "/news/tzgg/", "notice"),
        ("文件资料", "/wjzl/", "policy"),
        ("人事招考", "/rszk/", "personnel"),
    ]
    parts = ""
    for title, path, category in blocks:
        entries = b.column(title, path, category, style="ul")
        parts += (
            f'<div class="lm"><div class="lm_tit"><strong>{title}</strong><a href="{path}">更多</a></div>'
            f"<ul>{_lis(entries, 4)}</ul></div>"
        )
    body = f'<div class="nav"><a href="/">首页</a></div><div class="content">{parts}</div>'
    b.notes.append("GBK bytes, charset only in meta")
    return b.home(body)


def tabs_portal(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "tabs_portal", name)
    tabs = [
        ("政务要闻", "/xwzx/zwyw/", "news"),
        ("部门动态", "/xwzx/bmdt/", "news"),
        ("通知公告", "/tzgg/", "notice"),
    ]
    heads, panes = "", ""
    for n, (title, path, category) in enumerate(tabs):
        entries = b.column(title, path, category, style="ul")
        heads += f'<li class="{"on" if n == 0 else ""}"><a href="{path}">{title}</a></li>'
        panes += f'<ul class="tab-pane">{_lis(entries, 5)}</ul>'
    b.column("政策解读", "/zcjd/", "interpretation", style="ul")
    b.column("民意征集", "/myzj/", "consultation", style="ul")
    body = (
        f'<div class="tabs"><ul class="tab-nav">{heads}</ul>{panes}</div>'
        '<div class="quick"><a href="/zcjd/"><img src="/images/zcjd.png" alt="政策解读"></a>'
        '<a href="/myzj/"><img src="/images/myzj.png" alt="民意征集"></a></div>'
    )
    return b.home(body)


def vsb_query(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "vsb_query", name)
    trees = [
        ("工作动态", 1021, "news"),
        ("通知公告", 1022, "notice"),
        ("规范性文件", 1023, "policy"),
        ("规划计划", 1024, "plan"),
    ]
    parts = ""
    for title, tree, category in trees:
        path = f"/list.jsp?urltype=tree.TreeTempUrl&wbtreeid={tree}"
        entries = b.column(
            title,
            path,
            category,
            style="ul",
            article=lambda day, n, t=tree: f"/info/{t}/{n}.htm",
        )
        parts += (
            f'<div class="column-list"><div class="column-name">{title}</div>'
            f'<a href="{path.replace("&", "&amp;")}"><img src="/images/more.png"></a><ul>{_lis(entries, 4)}</ul></div>'
        )
    b.static("/ldjs.htm", "领导介绍")
    body = f'<div class="top"><a href="/ldjs.htm">领导介绍</a></div>{parts}'
    b.notes.append("query-string columns; image more buttons")
    return b.home(body)


def image_headings(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "image_headings", name)
    blocks = [
        ("通知公告", "/tzgg/", "notice", "tzgg"),
        ("工作动态", "/gzdt/", "news", "gzdt"),
        ("政策文件", "/zcwj/", "policy", "zcwj"),
        ("人事信息", "/rsxx/", "personnel", "rsxx"),
    ]
    parts = ""
    for title, path, category, slug in blocks:
        entries = b.column(title, path, category, style="dl")
        parts += (
            f'<div class="mod"><a href="{path}"><img src="/images/{slug}_title.png" alt="{title}"></a>'
            f"<ul>{_lis(entries, 4, '%m-%d')}</ul></div>"
        )
    b.static("/bszn/", "办事指南")
    body = f'<div class="quick"><a href="/bszn/">办事指南</a></div>{parts}'
    return b.home(body)


def county_portal(site_id: str, name: str) -> Site:
    b = _Builder(site_id, "county_portal", name)
    news = b.column("本地要闻", "/bdyw/index.html", "news", style="cn")
    notice = b.column("通知通告", "/tztg/index.html", "notice", style="cn")
    b.column("行政规范性文件", "/xzgfxwj/index.html", "policy", style="cn")
    b.column("招聘录用", "/zply/index.html", "personnel", style="cn")
    b.column("公开征求意见", "/gkzqyj/index.html", "consultation", style="cn")
    b.column("统计信息", "/tjxx/index.html", "other", style="cn")
    side = "".join(
        f'<li><a href="{p}">{t}</a></li>'
        for t, p in [
            ("行政规范性文件", "/xzgfxwj/index.html"),
            ("招聘录用", "/zply/index.html"),
            ("公开征求意见", "/gkzqyj/index.html"),
            ("统计信息", "/tjxx/index.html"),
        ]
    )
    body = (
        '<div class="wrap"><div class="left">'
        f'<div class="part"><h4><a href="/bdyw/index.html">本地要闻</a></h4><ul>{_lis(news)}</ul></div>'
        f'<div class="part"><h4><a href="/tztg/">通知通告</a></h4><ul>{_lis(notice)}</ul></div></div>'
        f'<div class="right"><h4>信息公开专栏</h4><ul class="column-links">{side}</ul></div></div>'
    )
    return b.home(body)


def tricky_portal(site_id: str, name: str) -> Site:
    """The traps no other template has: a script-only link, a redirecting column, an undated and a blank
    column, a long column name, bracketed names, short article titles without dates in their URLs."""
    b = _Builder(site_id, "tricky_portal", name)
    news = b.column("工作动态", "/gzdt/", "news")
    b.column("通知公告", "/zwgk/tzgg/", "notice")
    b.redirects.append(("/zwgk/tzgg", "/zwgk/tzgg/"))
    b.column("政策解读", "/zcjd/", "interpretation")
    b.column("工作总结", "/gzzj/", "plan", style="undated", article=lambda day, n: f"/gzzj/show.php?id={n}")
    b.column("人事信息", "/rsxx/", "personnel", style="blank")
    b.column("重大建设项目批准和实施信息", "/zdxm/", "other")
    b.column("征集调查", "/zjdc/", "consultation")  # linked only by an onclick script
    hot = "".join(
        f'<li><a href="/show.php?id={900 + n}">{t}</a></li>'
        for n, t in enumerate(("区长调研", "防汛动员", "春耕备耕"))
    )
    for n in range(3):
        b.static(f"/show.php?id={900 + n}", "区长调研")
    body = (
        '<div class="nav"><a href="/">首页</a><a href="/zwgk/tzgg">通知公告</a>'
        '<a href="javascript:;" onclick="location.href=\'/zjdc/\'">征集调查</a><a href="/en/">English</a></div>'
        f'<div class="box"><div class="tit"><a href="/gzdt/">【工作动态】</a></div><ul>{_lis(news)}</ul>'
        '<a href="/gzdt/" title="更多工作动态" class="more">更多</a></div>'
        f'<div class="hot"><h3>热点关注</h3><ul>{hot}</ul></div>'
        '<div class="links"><a href="/zcjd/">【政策解读】</a><a href="/gzzj/">工作总结</a><a href="/rsxx/">人事信息</a>'
        '<a href="/zdxm/">重大建设项目批准和实施信息</a></div>'
    )
    b.notes.append(
        "301 on /zwgk/tzgg; undated 工作总结; blank 人事信息; 13-character column name; onclick-only 征集调查"
    )
    return b.home(body)


TEMPLATES: tuple[Callable[[str, str], Site], ...] = (
    trs_portal,
    hanweb_portal,
    jiyue_cards,
    gkmlpt_directory,
    handmade_table,
    nav_dropdown,
    xxgk_directory,
    gbk_portal,
    tabs_portal,
    vsb_query,
    image_headings,
    county_portal,
    tricky_portal,
)
PLACES = (
    "临江区",
    "东湖县",
    "西山镇",
    "南塘街道",
    "北岭县",
    "青石区",
    "白沙镇",
    "枫桥街道",
    "金川县",
    "石门区",
    "云溪县",
    "凤凰街道",
)


# Names offices give the same kind of column, for the varied copies of each template; some are not in the
# vocabulary's whole-name lists, so the keyword rules are what gets them right.
NAME_POOLS = {
    "news": ("工作动态", "政务动态", "要闻动态", "新闻动态", "政务新闻", "工作信息", "单位动态", "镇街动态"),
    "notice": ("通知公告", "公示公告", "通知通告", "公告公示", "公示信息", "公告栏"),
    "policy": ("政策文件", "规范性文件", "政府文件", "政策法规", "部门文件", "其他文件"),
    "plan": ("规划计划", "发展规划", "计划总结", "工作计划", "规划信息", "年度计划"),
    "personnel": ("人事信息", "人事任免", "人事招考", "招考录用", "人事公示", "招聘公告"),
    "interpretation": ("政策解读", "解读回应", "图文解读", "文件解读"),
    "consultation": ("征求意见", "意见征集", "民意征集", "网上征集"),
}
MORE_TEXTS = ("更多", "更多&gt;&gt;", "more", "MORE+", "查看更多", "&gt;&gt;", "+ 更多", "更多 &raquo;")
_MORE_IN_PAGE = re.compile(r">(更多&gt;&gt;|更多 &gt;|更多|more)</a>")


def vary(site: Site, copy: int) -> Site:
    """The same template under other column names and other "more" buttons, consistently on every page."""
    rng = random.Random(f"{site.id}-vary-{copy}")
    renames: dict[str, str] = {}
    taken = {c.name for c in site.truth}
    for column in site.truth:
        pool = [n for n in NAME_POOLS.get(column.category, ()) if n not in taken]
        if column.name in renames or not pool or rng.random() < 0.3:
            continue
        renames[column.name] = rng.choice(pool)
        taken.add(renames[column.name])
    more = rng.choice(MORE_TEXTS)

    def rewrite(text: str) -> str:
        for old in sorted(renames, key=len, reverse=True):
            text = text.replace(old, renames[old])
        return _MORE_IN_PAGE.sub(f">{more}</a>", text)

    routes = {}
    for path, (body, ctype) in site.routes.items():
        if ctype.startswith("text/html") or ctype.startswith("application/json"):
            body = rewrite(body.decode(site.encoding)).encode(site.encoding)
        routes[path] = (body, ctype)
    truth = tuple(TruthColumn(renames.get(c.name, c.name), c.path, c.category) for c in site.truth)
    notes = (*site.notes, f"renamed {renames}; more buttons read {more!r}")
    return Site(site.id, site.template, site.name, site.encoding, routes, truth, notes, site.redirects)


def build_sites() -> tuple[Site, ...]:
    """Three sites per template: the template's own names, and two copies with other names and buttons."""
    out: list[Site] = []
    for index, template in enumerate(TEMPLATES):
        for copy in range(3):
            place = PLACES[(index + copy * 5) % len(PLACES)]
            name = f"{place}{('人民政府', '政府办公室', '管委会')[copy]}"
            site = template(f"{template.__name__}_{copy + 1:02d}", escape(name))
            out.append(site if copy == 0 else vary(site, copy))
    return tuple(out)
