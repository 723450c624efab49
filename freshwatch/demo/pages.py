"""Home, list and article pages in the markup of each family (the part the detector has to read)."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from freshwatch.demo.content import DEMO_DAY, Article, ColumnContent, SiteContent, rng_for
from freshwatch.demo.layout import Friend, breadcrumb, fmt, page, site_title
from freshwatch.demo.units import Family
from freshwatch.demo.wording import paragraphs

PAGE_SIZE = 20
NEW_DAYS = 7  # items this recent carry the "new" icon


def page_count(column: ColumnContent) -> int:
    listed = len(column.articles) - (0 if column.pinned is None else 1)
    return max(1, -(-listed // PAGE_SIZE))


def _ordered(column: ColumnContent, page_no: int) -> list[tuple[Article, bool]]:
    """Items of one list page; a pinned item leads page 1 and leaves its chronological place."""
    items = [a for i, a in enumerate(column.articles) if i != column.pinned]
    chunk = [(a, False) for a in items[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]]
    if page_no == 0 and column.pinned is not None:
        chunk.insert(0, (column.articles[column.pinned], True))
    return chunk


def _new_icon(site: SiteContent, day: date) -> str:
    return f'<img src="{site.paths.new_icon}" alt="new">' if DEMO_DAY - day < timedelta(days=NEW_DAYS) else ""


def _item(site: SiteContent, article: Article, pinned: bool, icon: bool) -> str:
    title = escape(article.title)
    mark = '<font color="red">【置顶】</font>' if pinned else ""
    extra = _new_icon(site, article.day) if icon else ""
    link = f'<a href="{article.path}" target="_blank" title="{title}">{mark}{title}</a>{extra}'
    when = fmt(site, article.day)
    family = site.unit.family
    if family is Family.trs:
        return f'<li><span class="date">{when}</span>{link}</li>\n'
    if family is Family.hanweb:
        return f'<tr><td class="bt">·</td><td>{link}</td><td class="rq" width="90">{when}</td></tr>\n'
    if family is Family.cards:
        summary = escape(article.title[:18])
        return (
            f'<div class="news-card"><h4>{link}</h4><p class="summary">{summary}……</p>'
            f'<div class="meta">发布日期：{when}</div></div>\n'
        )
    return f"<dl><dt>{link}</dt><dd>{when}</dd></dl>\n"


def _wrap_list(site: SiteContent, rows: str) -> str:
    family = site.unit.family
    if family is Family.trs:
        return f'<ul class="list_con">\n{rows}</ul>\n'
    if family is Family.hanweb:
        return f'<table class="list" width="100%" cellspacing="0" cellpadding="0">\n{rows}</table>\n'
    if family is Family.cards:
        return f'<div class="card-list">\n{rows}</div>\n'
    return f'<div class="dl-list">\n{rows}</div>\n'


def _pager(site: SiteContent, column: ColumnContent, page_no: int) -> str:
    total = page_count(column)
    family = site.unit.family
    if family is Family.trs:
        return (
            '<div class="page"><script type="text/javascript">\n'
            f"var countPage = {total};var currentPage = {page_no};\n"
            'createPageHTML(countPage, currentPage, "index", "html");\n</script></div>\n'
        )
    links = []
    if page_no > 0:
        links.append(
            f'<a href="{_rel(site, column, 0)}">首页</a><a href="{_rel(site, column, page_no - 1)}">上一页</a>'
        )
    if page_no < total - 1:
        links.append(
            f'<a href="{_rel(site, column, page_no + 1)}">下一页</a><a href="{_rel(site, column, total - 1)}">尾页</a>'
        )
    count = len(column.articles)
    return f'<div class="pagination">共{count}条 第{page_no + 1}/{total}页 {"".join(links)}</div>\n'


def _rel(site: SiteContent, column: ColumnContent, page_no: int) -> str:
    """The pager's link to another page, relative as the CMSs write them."""
    family = site.unit.family
    if family is Family.cards:
        return "./" if page_no == 0 else f"?page={page_no + 1}"
    if family is Family.hanweb:
        return "index.html" if page_no == 0 else f"index.html?page={page_no + 1}"
    return site.paths.list_page(column.key, page_no).rsplit("/", 1)[1]


CREATE_PAGE_HTML = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("首页 上一页 ");
  else {
    document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a> ");
    var prev = nCurrIndex == 1 ? _sPageName + "." + _sPageExt : _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt;
    document.write("<a href=\\"" + prev + "\\">上一页</a> ");
  }
  if(nCurrIndex == _nPageCount - 1) document.write("下一页 尾页");
  else {
    document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\\">下一页</a> ");
    document.write("<a href=\\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\\">尾页</a>");
  }
}
</script>
"""


def list_page(site: SiteContent, column: ColumnContent, page_no: int) -> str:
    rows = "".join(_item(site, a, pinned, column.key == "news") for a, pinned in _ordered(column, page_no))
    side = "".join(f'<li><a href="{c.list_path}">{c.title}</a></li>' for c in site.columns)
    hot = "".join(
        f'<li><a href="{a.path}">{escape(_short(a.title))}</a></li>' for a in _live(site.column("news"))[:3]
    )
    body = (
        breadcrumb(site, column.title, column.list_path)
        + f'<div class="left"><h3>栏目导航</h3><ul>{side}</ul><h3>热点信息</h3><ul>{hot}</ul></div>\n'
        + f'<div class="right"><h2 class="column-title">{column.title}</h2>\n'
        + _wrap_list(site, rows)
        + _pager(site, column, page_no)
        + "</div>\n"
    )
    meta = CREATE_PAGE_HTML if site.unit.family is Family.trs else ""
    meta += f'<meta name="ColumnName" content="{column.title}">\n<meta name="ColumnType" content="{column.title}">\n'
    return page(
        site, column.title, body, widget=site.unit.family in (Family.trs, Family.dlist), extra_meta=meta
    )


def _short(title: str, width: int = 16) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def _live(column: ColumnContent) -> list[Article]:
    return [a for a in column.articles if a.status == 200 and not a.direct]


def article_page(site: SiteContent, column: ColumnContent, article: Article) -> str:
    rng = rng_for(site.unit.id, article.path)
    stamp = f"{article.day:%Y-%m-%d} {8 + rng.randint(0, 9):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    text = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs(site.unit, rng, article.words))
    image = (
        f'<p style="text-align:center"><img src="{article.image}" alt="" width="600"></p>\n'
        if article.image
        else ""
    )
    files = "".join(f'<p><a href="{a.path}">{escape(a.label)}</a></p>' for a in article.attachments)
    attach = f'<div class="attach"><p>附件：</p>{files}</div>\n' if files else ""
    meta = ""
    if site.unit.family is not Family.cards:
        meta = (
            f'<meta name="ArticleTitle" content="{escape(article.title)}">\n<meta name="PubDate" content="{stamp}">\n'
            f'<meta name="ContentSource" content="{escape(article.source)}">\n<meta name="ColumnName" content="{column.title}">\n'
        )
    info = (
        f"发布时间：{stamp}"
        if site.unit.family is not Family.cards
        else f"发布日期：{article.day:%Y年%m月%d日}"
    )
    body = (
        breadcrumb(site, column.title, column.list_path)
        + f'<div class="article"><h2 class="title">{escape(article.title)}</h2>\n'
        + f'<div class="info">{info}　来源：{escape(article.source)}　字号：[大 中 小]</div>\n'
        + f'<div class="content">\n{image}{text}</div>\n{attach}'
        + '<div class="tools"><a href="javascript:window.print()">【打印本页】</a>'
        + '<a href="javascript:window.close()">【关闭窗口】</a></div></div>\n'
    )
    return page(site, article.title, body, widget=site.unit.family is Family.trs, extra_meta=meta)


def home_page(site: SiteContent, friends: list[Friend], downloads: list[tuple[str, str]]) -> str:
    blocks = []
    for column, count in zip(site.columns, (7, 6, 5, 3), strict=True):
        rows = "".join(_item(site, a, False, column.key == "news") for a in column.articles[:count])
        blocks.append(
            f'<div class="block block-{column.key}"><div class="block-title"><span>{column.title}</span>'
            f'<a class="more" href="{column.list_path}">更多&gt;&gt;</a></div>\n{_wrap_list(site, rows)}</div>\n'
        )
    links = "".join(f'<li><a href="{f.url}" target="_blank">{escape(f.name)}</a></li>' for f in friends)
    files = "".join(f'<li><a href="{path}">{escape(label)}</a></li>' for path, label in downloads)
    body = (
        f'<div class="banner"><img src="{site.paths.banner}" alt="{escape(site_title(site))}" width="1000"></div>\n'
        + "".join(blocks)
        + f'<div class="block block-download"><div class="block-title"><span>下载专区</span></div><ul>{files}</ul></div>\n'
        + f'<div class="block block-links"><div class="block-title"><span>友情链接</span></div><ul>{links}</ul></div>\n'
    )
    return page(site, "", body, widget=True)
