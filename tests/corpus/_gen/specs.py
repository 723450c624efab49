"""The labelled list pages: one spec per page; the truth is derived from the same spec that renders it."""

from __future__ import annotations

from datetime import date
from functools import partial

from tests.corpus._gen.render import Spec

T = date(2026, 11, 26)  # the usual crawl day (a Thursday)
NEW_YEAR = date(2026, 1, 8)  # crawl day for lists that cross New Year
OLD = date(2018, 10, 15)  # an old crawl of old templates

trs = partial(Spec, family="trs_wcm", template="trs_wcm", url_kind="trs", today=T)
trs_tab = partial(Spec, family="trs_table", template="trs_table", url_kind="trs", skin="table", today=T)
hanweb = partial(Spec, family="hanweb_table", template="hanweb_jcms", url_kind="hanweb", col="1234", today=T)
hanweb_ds = partial(Spec, family="hanweb_datastore", template="hanweb_datastore", url_kind="hanweb", today=T)
gansu = partial(Spec, family="gansu_shtml", template="gansu_shtml", url_kind="gansu", gen_meta=True, today=T)
cards = partial(Spec, family="jiyue_cards", template="jiyue_cards", url_kind="post", today=T)
dl = partial(Spec, family="dl_list", template="dl_list", today=T)
old = partial(Spec, family="old_table", template="old_table", url_kind="asp", skin="table", encoding="gbk",
              declared="gb2312", today=OLD)
vsb = partial(Spec, family="vsb", template="vsb", url_kind="vsb", today=T)
gkml = partial(Spec, family="gkml_table", template="gkml_table", url_kind="content", today=T)
ul = partial(Spec, family="plain_ul", today=T)

OK: tuple[Spec, ...] = (
    trs(id="trs_wcm_01", path="/lj/zwgk/tzgg/index.html", col="zwgk/tzgg", n=20, sidebars=("热点信息",),
        widget="static"),
    trs(id="trs_wcm_02", path="/aq/xwzx/gzdt/index.html", col="xwzx/gzdt", variant="docwrite_titles", kind="news",
        column="工作动态", crumbs=("新闻中心",), gap=2, widget="js", sidebars=("推荐阅读",)),
    trs(id="trs_wcm_03", path="/nh/zwgk/tzgg/index.html", col="zwgk/tzgg", style="bracket", pinned=2,
        sidebars=("最新动态",), widget="static", side_first=True),
    trs(id="trs_wcm_04", path="/qh/zwgk/ghjh/index.html", col="zwgk/ghjh", style="md", gap=100, n=10, back=40,
        kind="plan", column="规划计划", traps=("MM-DD shown; the list spans over a year; years only in the URLs",)),
    trs(id="trs_wcm_05", path="/dc/xwzx/bmdt/index.html", col="xwzx/bmdt", style="none", kind="news",
        column="部门动态", crumbs=("新闻中心",), sidebars=("热点信息",), gap=2),
    trs(id="trs_wcm_06", path="/bs/zwgk/tzgg/index.html", col="zwgk/tzgg", style="slash_time",
        variant="date_first", title_dates=True),
    trs(id="trs_wcm_07", path="/yy/zwgk/tzgg/index.html", col="zwgk/tzgg", style="dot", encoding="gbk",
        declared="gbk", meta_style="html5", widget="dashed", last_update=True),
    trs(id="trs_wcm_08", path="/bp/zwgk/tzgg/index.html", col="zwgk/tzgg", today=OLD, back=3, encoding="gbk",
        declared="gb2312", sidebars=("热点信息",)),
    trs(id="trs_wcm_09", path="/cy/zwgk/zcwj/index.html", col="zwgk/zcwj", style="paren", declared=None, bom=True,
        kind="policy", column="政策文件", gap=12),
    trs_tab(id="trs_table_01", path="/egb/xxgk/xxgknb/index.html", col="xxgk/xxgknb", migrated=4, gap=60, n=10,
            back=80, kind="plan", column="信息公开年报", crumbs=("信息公开",)),
    trs_tab(id="trs_table_02", path="/xl/zwgk/tzgg/index.html", col="zwgk/tzgg", variant="header",
            style="iso_time", widget="static", sidebars=("热点信息",)),
    trs_tab(id="trs_table_03", path="/lj/rsxx/index.html", col="rsxx", style="slash", encoding="gbk",
            declared="gb2312", kind="appoint", column="人事信息", gap=9),
    hanweb(id="hanweb_jcms_01", path="/col/col1234/index.html", sidebars=("热点信息",), widget="static"),
    hanweb(id="hanweb_jcms_02", path="/col/col2051/index.html", col="2051", style="bracket", pinned=1, gap=10),
    hanweb(id="hanweb_jcms_03", path="/col/col3310/index.html", col="3310", declared=None, kind="policy",
           column="政策文件", gap=20),
    hanweb_ds(id="hanweb_ds_01", path="/col/col4402/index.html", col="4402", variant="table",
              sidebars=("最新动态",)),
    hanweb_ds(id="hanweb_ds_02", path="/col/col4410/index.html", col="4410", variant="li", widget="stale",
              kind="news", column="部门动态", gap=2),
    hanweb_ds(id="hanweb_ds_03", path="/col/col5120/index.html", col="5120", variant="table", style="bracket",
              encoding="gbk", declared="gb2312"),
    gansu(id="gansu_shtml_01", path="/jyj/c100234/zwgklist.shtml", col="jyj/c100234", n=20, typo="year"),
    gansu(id="gansu_shtml_02", path="/fgw/c100310/zwgklist.shtml", col="fgw/c100310", back=0,
          sidebars=("最新动态",), widget="static"),
    gansu(id="gansu_shtml_03", path="/zrzy/c100455/zwgklist.shtml", col="zrzy/c100455", n=3, gap=120, back=200,
          kind="plan", column="规划计划", sidebars=("最新动态", "热点信息"),
          traps=("three items; the sidebars are longer and newer",)),
    gansu(id="gansu_shtml_04", path="/sthj/c100502/zwgklist.shtml", col="sthj/c100502", n=20, title_dates=True),
    cards(id="jiyue_cards_01", path="/ay/zwgk/gzdt/index.html", col="zwgk/gzdt", variant="split", kind="news",
          column="工作动态", gap=2, sidebars=("推荐阅读",)),
    cards(id="jiyue_cards_02", path="/ay/zwgk/tzgg/index.html", col="zwgk/tzgg", summary_deadline=True),
    cards(id="jiyue_cards_03", path="/xwzx/zwyw/index.html", col="xwzx/zwyw", style="cn", kind="news",
          column="政务要闻", crumbs=("新闻中心",), gap=1),
    cards(id="jiyue_cards_04", path="/zwgk/gsgg/index.html", col="zwgk/gsgg", style="cn_pad", typo="swap",
          widget="static", column="公示公告"),
    dl(id="dl_list_01", path="/bsx/zwgk/tzgg/index.html", col="zwgk/tzgg", url_kind="content", variant="item",
       pinned=1),
    dl(id="dl_list_02", path="/xxgk/zcwj/index.html", col="xxgk/zcwj", url_kind="jsp", variant="pairs",
       style="dot", kind="policy", column="政策文件", gap=15),
    dl(id="dl_list_03", path="/bsx/zwgk/gzdt/index.html", col="zwgk/gzdt", url_kind="post", variant="summary",
       style="slash", declared="gb2312", kind="news", column="工作动态",
       traps=("meta says gb2312 but the bytes are UTF-8",)),
    old(id="old_table_01", path="/news/list.asp?classid=3", col="", style="bracket", back=3),
    old(id="old_table_02", path="/news/list.asp?classid=5", col="", style="unpadded_slash", declared=None, gap=7),
    old(id="old_table_03", path="/gonggao/list.asp", col="", style="unpadded", declared="gbk", today=T, gap=6),
    old(id="old_table_04", path="/tzgg/list.asp", col="", style="paren", encoding="gb2312",
        today=date(2019, 1, 3), back=1, gap=4),
    old(id="old_table_05", path="/rsxx/list.asp", col="", style="cn", kind="appoint", column="人事信息", gap=10,
        traps=("declared gb2312, bytes use GBK-only characters",)),
    vsb(id="vsb_01", path="/xwzx/tzgg.htm", col="1052", style="slash", typo="year", sidebars=("热点信息",)),
    vsb(id="vsb_02", path="/xwzx/gzdt.htm", col="1053", widget="static", kind="news", column="工作动态", gap=2),
    vsb(id="vsb_03", path="/zwgk/zcwj.htm", col="1061", style="dot", n=12, pinned=1, kind="policy",
        column="政策文件", gap=20),
    gkml(id="gkml_table_01", path="/zwgk/zfxxgkml/bmwj/index.html", col="zwgk/zfxxgkml", variant="two_dates",
         kind="policy", column="部门文件", crumbs=("政府信息公开",), gap=8),
    gkml(id="gkml_table_02", path="/zwgk/zfxxgkml/zcwj/index.html", col="zwgk/zfxxgkml", style="cn_pad",
         kind="policy", column="政策文件", crumbs=("政府信息公开",), gap=10, widget="static"),
    gkml(id="gkml_table_03", path="/zwgk/zfxxgkml/tzgg/index.html", col="zwgk/zfxxgkml", variant="two_dates",
         style="slash", encoding="gb18030", declared="gb18030", crumbs=("政府信息公开",)),
    ul(id="gd_list_01", template="gd_intensive", path="/gkmlpt/tzgg/index.html", col="gkmlpt/tzgg",
       url_kind="post", variant="text_after", style="bracket", sidebars=("最新动态",)),
    ul(id="county_list_01", template="county_list", path="/xxgk/tzgg/index.html", col="xxgk/tzgg",
       url_kind="content", variant="text_before", style="fwbracket", widget="static"),
    ul(id="county_list_02", template="county_list", path="/xwzx/xzdt/index.html", col="xwzx/xzdt",
       url_kind="content", style="paren_md", gap=4, kind="news", column="乡镇动态", crumbs=("新闻中心",)),
    ul(id="county_list_03", template="county_list", path="/xwzx/gzdt/index.html", col="xwzx/gzdt",
       url_kind="post", style="paren_md", today=NEW_YEAR, back=2, gap=5, n=16, kind="news",
       column="工作动态", widget="static", traps=("MM-DD list crossing New Year",)),
    ul(id="gd_list_02", template="gd_intensive", path="/zwgk/bmdt/index.html", col="zwgk/bmdt", url_kind="jsp",
       style="md", today=date(2026, 1, 3), back=1, gap=3, n=12, kind="news", column="部门动态",
       sidebars=("热点信息",), traps=("MM-DD list crossing New Year",)),
    ul(id="anchor_date_01", template="anchor_date", path="/sfgk/index.html", col="sfgk", url_kind="jsp",
       variant="anchor_span", gap=1),
    ul(id="anchor_date_02", template="anchor_date", path="/cz/zwgk/tzgg/index.html", col="zwgk/tzgg",
       url_kind="content", variant="anchor_paren", style="paren"),
    ul(id="anchor_date_03", template="anchor_date", path="/xwzx/tpxw/index.html", col="xwzx/tpxw",
       url_kind="post", variant="anchor_em", kind="news", column="图片新闻", crumbs=("新闻中心",), gap=3),
    ul(id="xinhua_style_01", template="xinhua_style", path="/xwzx/index.htm", col="xwzx", url_kind="xinhua",
       style="none", kind="news", column="要闻", crumbs=("新闻中心",), gap=1, widget="static"),
    ul(id="hanweb_jcms_04", template="hanweb_jcms", path="/col/col6021/index.html", col="6021",
       url_kind="hanweb", style="none", kind="news", column="部门动态", gap=3),
    ul(id="gongbao_list_01", template="gongbao_list", path="/zwgk/zfl/index.html", col="zwgk/zfl",
       url_kind="content", style="cnnum", kind="decree", column="政府令", gap=25, n=12),
    ul(id="gongbao_list_02", template="gongbao_list", path="/rdcwh/gg/index.html", col="rdcwh/gg",
       url_kind="content", style="cnnum_o", kind="decree", column="常委会公告", gap=30, n=10, encoding="gbk",
       declared="gbk"),
    Spec(id="docwrite_list_01", family="docwrite", template="docwrite_list", path="/wy/zwgk/tzgg/index.html",
         col="zwgk/tzgg", today=T, sidebars=("热点信息",)),
)

BLANK: tuple[Spec, ...] = (
    gansu(id="blank_gansu_01", path="/wsj/c100777/zwgklist.shtml", col="wsj/c100777", n=0,
          sidebars=("最新动态",), widget="static"),
    cards(id="blank_cards_01", path="/zwgk/zdxm/index.html", col="zwgk/zdxm", n=0, column="重大项目"),
    old(id="blank_old_01", path="/news/list.asp?classid=12", col="", n=0, today=T),
    ul(id="blank_ul_01", template="county_list", path="/xxgk/jyta/index.html", col="xxgk/jyta",
       url_kind="content", n=0, column="建议提案办理", sidebars=("热点信息",)),
    hanweb_ds(id="blank_hanweb_ds_01", path="/col/col7788/index.html", col="7788", variant="table", n=0,
              column="财政预决算"),
    trs(id="blank_trs_01", path="/lj/zwgk/zdly/index.html", col="zwgk/zdly", n=0, column="重点领域信息公开",
        widget="static"),
)

UNDATED: tuple[Spec, ...] = (
    ul(id="undated_ul_01", template="county_list", path="/xs/zwgk/tzgg/index.html", col="zwgk/tzgg",
       url_kind="post", style="none", undated=True),
    old(id="undated_old_01", path="/news/list.asp?classid=8", col="", style="none", undated=True, today=T),
)
