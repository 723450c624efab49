"""The main list as each CMS family marks it up: ul/li, table rows, XML datastores, cards, dl, scripts."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Entry:
    title: str
    href: str
    day: date | None  # the publish date a reader would take from the page (shown, else in the URL)
    shown: str  # the date text as printed in the list ("" when the list prints none)
    counts: bool = True  # False: the shown date is after the crawl day (a typo), so it is ignored
    pinned: bool = False
    summary: str = ""


def _a(e: Entry, attrs: str = 'target="_blank"') -> str:
    return f'<a href="{e.href}" {attrs} title="{e.title}">{e.title}</a>'


def _pin(e: Entry) -> str:
    return '<span class="zd">[置顶]</span>' if e.pinned else ""


def trs_wcm(entries: list[Entry], variant: str, rng: random.Random) -> str:
    lis = []
    for e in entries:
        if variant == "docwrite_titles":  # TRS templates truncate titles in script inside the anchor
            a = (
                f'<a href="{e.href}" target="_blank" title="{e.title}"><script type="text/javascript">'
                f'var str="{e.title}";if(str.length>24){{str=str.substr(0,24)+"...";}}document.write(str);'
                "</script></a>"
            )
        else:
            a = _a(e)
        span = f'<span class="date">{e.shown}</span>' if e.shown else ""
        li_cls = ' class="top"' if e.pinned else ""
        lis.append(
            f"<li{li_cls}>{span}{_pin(e)}{a}</li>"
            if variant == "date_first"
            else f"<li{li_cls}>{_pin(e)}{a}{span}</li>"
        )
    pages = rng.randint(2, 12) if entries else 1
    return (
        '<div class="list-box"><ul class="list">\n' + "\n".join(lis) + "\n</ul>\n"
        f'<div class="page"><script type="text/javascript">createPageHTML({pages}, 0, "index", "html");</script></div>'
        "</div>\n"
    )


def trs_table(entries: list[Entry], variant: str, rng: random.Random) -> str:
    rows = []
    if variant == "header":
        rows.append('<tr class="th"><td width="25"></td><td>标题</td><td width="100">发布日期</td></tr>')
    for e in entries:
        rows.append(
            '<tr valign="top">\n<td width="25"><img src="../../images/ico2.jpg"></td>\n'
            f'<td width="550">\n\t<a href="{e.href}" target="_blank">{e.title}</a>\n</td>\n<td>\n\t{e.shown}\n</td>\n</tr>'
        )
    count = rng.randint(2, 9)
    return (
        '<table width="682" border="0" cellspacing="0" cellpadding="0" class="gl_list"><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        f'<table width="100%"><tr><td class="page"><script language="JavaScript">var currentPage = 0;'
        f'var countPage = {count};document.write("共"+countPage+"页 ");'
        'document.write("<a href=\\"index_1.html\\">下一页</a>");</script></td></tr></table>\n'
    )


def hanweb_table(entries: list[Entry], variant: str, rng: random.Random) -> str:
    rows = [
        '<tr><td width="12"><img src="/images/dot_03.gif" width="3" height="3"></td>'
        f'<td align="left" class="bt_link">{_a(e)}</td><td width="90" align="right" class="bt_time">{e.shown}</td></tr>'
        for e in entries
    ]
    return (
        '<table width="100%" border="0" cellspacing="0" cellpadding="0" class="tb_list">\n'
        + "\n".join(rows)
        + "\n</table>\n"
        + _plain_pager(rng)
    )


def hanweb_datastore(entries: list[Entry], variant: str, rng: random.Random) -> str:
    """JCMS columns embed their first page as XML records in the page; jpage.js renders them."""
    unit = rng.randint(100000, 999999)
    records = []
    for e in entries:
        cell = (
            f'<span class="bt_time">{e.shown}</span>' if variant == "li" else f'<td width="90">{e.shown}</td>'
        )
        body = (
            f"<li>{_a(e)}{cell}</li>"
            if variant == "li"
            else f'<table width="100%"><tr><td class="bt_link">{_a(e)}</td>{cell}</tr></table>'
        )
        records.append(f"<record><![CDATA[\n{body}\n]]></record>")
    total = len(entries) + (rng.randint(20, 300) if entries else 0)
    return (
        f'<div id="{unit}"><script type="text/xml"><datastore>\n'
        f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid={rng.randint(1000, 9999)}'
        f'&unitid={unit}&permissiontype=0"></a>]]></nextgroup>\n'
        "<recordset>\n" + "\n".join(records) + "\n</recordset>\n</datastore></script></div>\n"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>\n'
        f'<script>var totalRecord = {total};var perPage = 15;jpage.init("{unit}", totalRecord, perPage);</script>\n'
    )


def gansu_shtml(entries: list[Entry], variant: str, rng: random.Random) -> str:
    lis = [
        f'<li>\n<a target="_blank" href="{e.href}" title="{e.title}">\n{e.title}\n</a>\n<b>{e.shown}</b>\n</li>'
        for e in entries
    ]
    if not entries:
        lis = ['<li style="text-align:center;">暂无数据</li>']
    total = max(len(entries), 1) + rng.randint(0, 200)
    return (
        '<input id="page" type="hidden" value="1"><input id="pageSize" type="hidden" value="20">\n'
        '<ul class="zwgklist">\n' + "\n".join(lis) + "\n</ul>\n"
        f"<div id=\"page_div\"></div><script>createPageHTML('page_div',{total // 20 + 1}, 1,'zwgklist','shtml',{total});"
        "</script>\n"
    )


def jiyue_cards(entries: list[Entry], variant: str, rng: random.Random) -> str:
    cards = []
    for e in entries:
        if variant == "split" and e.day is not None:
            cards.append(
                f'<div class="news-item clearfix"><div class="news-date"><span class="day">{e.day:%d}</span>'
                f'<span class="ym">{e.day:%Y-%m}</span></div><div class="news-txt"><h4>{_a(e)}</h4>'
                f"<p>{e.summary}</p></div></div>"
            )
        else:
            cards.append(
                f'<div class="list-item"><h4>{_a(e)}</h4><p class="summary">{e.summary}</p>'
                f'<p class="info"><span>来源：{rng.choice(("本站", "市政府办公室", "市融媒体中心"))}</span>'
                f'<span class="time">{e.shown}</span></p></div>'
            )
    if not entries:
        cards = ['<div class="no-data"><img src="/images/nodata.png"><p>暂无信息</p></div>']
    return '<div class="news-list">\n' + "\n".join(cards) + "\n</div>\n" + _plain_pager(rng)


def dl_list(entries: list[Entry], variant: str, rng: random.Random) -> str:
    if variant == "pairs":
        inner = "".join(f"<dt>{_a(e)}</dt><dd>{e.shown}</dd>\n" for e in entries)
        return f'<dl class="xxgk-dl">\n{inner}</dl>\n' + _plain_pager(rng)
    if variant == "summary":
        dls = [
            f'<dl><dt>{_a(e)}<span class="time">{e.shown}</span></dt><dd>{e.summary}</dd></dl>'
            for e in entries
        ]
    else:
        dls = [
            f'<dl class="item"><dt>{_pin(e)}{_a(e)}</dt><dd class="date">{e.shown}</dd></dl>' for e in entries
        ]
    return '<div class="dl-list">\n' + "\n".join(dls) + "\n</div>\n" + _plain_pager(rng)


def old_table(entries: list[Entry], variant: str, rng: random.Random) -> str:
    rows = []
    for e in entries:
        rows.append(
            f'<tr><td width="4%" height="24" align="center"><img src="images/dot.gif" width="5" height="5"></td>'
            f'<td width="74%"><a href="{e.href}" target="_blank"><font color="#333333">{e.title}</font></a></td>'
            f'<td width="22%" align="right"><font color="#999999" style="font-size:12px">{e.shown}</font></td></tr>\n'
            '<tr><td colspan="3" height="1" background="images/line.gif"></td></tr>'
        )
    if not entries:
        rows = ['<tr><td height="60" align="center"><font color="#FF0000">暂无相关信息！</font></td></tr>']
    total = len(entries) + rng.randint(0, 300)
    return (
        '<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">\n'
        + "\n".join(rows)
        + "\n</table>\n"
        f'<table width="96%" align="center"><tr><td align="center"><font size="2">共{total}条记录 页次：1/{total // 15 + 1} '
        '每页15条 <a href="?page=1">首页</a> 上一页 <a href="?page=2">下一页</a> '
        f'<a href="?page={total // 15 + 1}">尾页</a></font></td></tr></table>\n'
    )


def vsb(entries: list[Entry], variant: str, rng: random.Random) -> str:
    lis = [
        f'<li id="line_u5_{i}">{_pin(e)}{_a(e)}<span class="time">{e.shown}</span></li>'
        for i, e in enumerate(entries)
    ]
    total = len(entries) + rng.randint(15, 120)
    pages = total // 15 + 1
    return (
        '<div class="list"><ul>\n' + "\n".join(lis) + "\n</ul></div>\n"
        '<div align="center"><table cellspacing="0" cellpadding="0" border="0"><tr><td class="pagestyle">'
        f'<span class="p_pages"><span class="p_t">共{total}条</span>&nbsp;&nbsp;<span class="p_t">1/{pages}</span>'
        f'&nbsp;<span class="p_no_d">1</span>&nbsp;<span class="p_no"><a href="tzgg/{pages - 1}.htm">2</a></span>'
        f'&nbsp;<span class="p_next p_fun"><a href="tzgg/{pages - 1}.htm">下页</a></span></span></td></tr></table></div>\n'
    )


def gkml_table(entries: list[Entry], variant: str, rng: random.Random) -> str:
    """信息公开目录: index numbers carry years, 成文日期 precedes the 发布日期 that counts."""
    org = f"11{rng.randint(100000, 999999)}MB{rng.randint(1000000, 9999999)}X"
    two = variant == "two_dates"
    th = "<th>成文日期</th><th>发布日期</th>" if two else "<th>发布日期</th>"
    rows = []
    for i, e in enumerate(entries):
        assert e.day is not None
        written = e.day.fromordinal(e.day.toordinal() - rng.randint(1, 6))
        wcell = f"<td>{written:%Y-%m-%d}</td>" if two else ""
        rows.append(
            f"<tr><td>{i + 1}</td><td>{org}/{e.day.year}-{rng.randint(10, 999):05d}</td>"
            f'<td class="mc">{_a(e)}</td><td>临政办〔{e.day.year}〕{rng.randint(1, 80)}号</td>{wcell}<td>{e.shown}</td></tr>'
        )
    return (
        '<table class="gkml-table" width="100%"><thead><tr><th width="40">序号</th><th>索引号</th><th>名称</th>'
        f"<th>文号</th>{th}</tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        + _plain_pager(rng)
    )


def plain_ul(entries: list[Entry], variant: str, rng: random.Random) -> str:
    """County and intensive-platform lists: the date is a bare text node or a plain span."""
    lis = []
    for e in entries:
        if variant == "text_after":
            lis.append(f"<li>{_a(e)}&nbsp;{e.shown}</li>")
        elif variant == "text_before":
            lis.append(f"<li>{e.shown} {_a(e)}</li>")
        elif variant == "anchor_span":
            lis.append(
                f'<li><a href="{e.href}" target="_blank">{e.title}<span class="date">{e.shown}</span></a></li>'
            )
        elif variant == "anchor_paren":
            lis.append(f'<li><a href="{e.href}" target="_blank">{e.title}{e.shown}</a></li>')
        elif variant == "anchor_em":
            lis.append(f'<li><a href="{e.href}" target="_blank"><em>{e.shown}</em>{e.title}</a></li>')
        else:
            span = f"<span>{e.shown}</span>" if e.shown else ""
            lis.append(f"<li>{_pin(e)}{_a(e)}{span}</li>")
    if not entries:
        return '<ul class="news_list"></ul>\n<div class="pages">共0条记录 第1/1页</div>\n'
    return '<ul class="news_list">\n' + "\n".join(lis) + "\n</ul>\n" + _plain_pager(rng)


def docwrite(entries: list[Entry], variant: str, rng: random.Random) -> str:
    lines = [
        f'document.write(\'<li><a href="{e.href}" target="_blank">{e.title}</a><span>{e.shown}</span></li>\');'
        for e in entries
    ]
    return (
        '<ul class="list">\n<script type="text/javascript">\n'
        + "\n".join(lines)
        + "\n</script>\n</ul>\n"
        + _plain_pager(rng)
    )


def _plain_pager(rng: random.Random) -> str:
    n = rng.randint(2, 15)
    return (
        f'<div class="pages"><a href="index.html">首页</a> <span>上一页</span> <a class="cur">1</a> '
        f'<a href="index_1.html">2</a> <a href="index_1.html">下一页</a> <a href="index_{n - 1}.html">尾页</a> '
        f"共{n}页</div>\n"
    )


RENDERERS: dict[str, Callable[[list[Entry], str, random.Random], str]] = {
    "trs_wcm": trs_wcm,
    "trs_table": trs_table,
    "hanweb_table": hanweb_table,
    "hanweb_datastore": hanweb_datastore,
    "gansu_shtml": gansu_shtml,
    "jiyue_cards": jiyue_cards,
    "dl_list": dl_list,
    "old_table": old_table,
    "vsb": vsb,
    "gkml_table": gkml_table,
    "plain_ul": plain_ul,
    "docwrite": docwrite,
}
