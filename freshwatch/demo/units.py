"""The 28 units of the 2018-Q4 notice, in the order of its score table, and what each one's site is like.

Which unit gets which template family, encoding and topics is fixed here so the whole farm is
reproducible; the words are the units' own business so a reader of the demo sees plausible pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    """The markup families imitated: each one a CMS common on Chinese government sites."""

    trs = "trs"  # TRS WCM: ul/li with span dates, index_N.html via createPageHTML, ./YYYYMM/tYYYYMMDD_N.html
    hanweb = "hanweb"  # 大汉 Hanweb: table rows, [YYYY-MM-DD], /col/colN/index.html, /art/Y/M/D/art_C_N.html
    cards = (
        "cards"  # hand-written template: div cards, YYYY年MM月DD日, ?page=N, /news/YYYY-MM/DD/content_N.html
    )
    dlist = "dlist"  # 集约化 platform: dl/dt/dd, YYYY/MM/DD, index_N.shtml with 下一页 links


@dataclass(frozen=True)
class UnitSpec:
    id: str
    name: str
    short: str  # how the unit names itself in titles
    topics: tuple[str, ...]
    family: Family
    encoding: str  # "utf-8" or "gbk"
    header_charset: bool = True  # False: the charset is only in <meta>, as on some old servers
    broken: int = 0  # distinct broken links on the site (the notice's 第三方监测报告 column / 0.05)


_TOWN = (
    "乡村振兴",
    "人居环境整治",
    "扫黑除恶专项斗争",
    "安全生产大检查",
    "创文巩卫",
    "河长制",
    "森林防火",
    "禁毒宣传",
)
_PARK = ("招商引资", "企业服务", "重点项目建设", "安全生产大检查", "科技企业孵化", "营商环境优化", "创文巩卫")

_UNITS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("djkjy", "东江科技园", "东江科技园", _PARK),
    ("hnkjy", "惠南科技园", "惠南科技园", _PARK),
    ("cjjd", "陈江街道", "陈江街道", _TOWN),
    ("hhjd", "惠环街道", "惠环街道", _TOWN),
    ("llz", "沥林镇", "沥林镇", _TOWN),
    ("tqz", "潼侨镇", "潼侨镇", (*_TOWN, "归侨侨眷服务")),
    ("thz", "潼湖镇", "潼湖镇", (*_TOWN, "潼湖湿地保护")),
    (
        "qjw",
        "区纪委(区监察与审计局)",
        "区纪委",
        ("党风廉政建设", "作风建设", "审计监督", "监察体制改革", "廉政教育", "扶贫领域专项巡察"),
    ),
    (
        "qdqb",
        "区党群办",
        "区党群办",
        ("基层党建", "党员教育", "“不忘初心、牢记使命”学习", "统战工作", "工会服务", "共青团工作"),
    ),
    (
        "zfw",
        "区委政法委",
        "区委政法委",
        ("扫黑除恶专项斗争", "综治维稳", "平安建设", "矛盾纠纷排查化解", "网格化管理", "禁毒宣传"),
    ),
    (
        "xjwwb",
        "区宣教文卫办",
        "区宣教文卫办",
        ("义务教育", "公共文化服务", "基层医疗卫生", "爱国卫生运动", "学校安全", "全民健身"),
    ),
    (
        "kjcxj",
        "区科技创新局",
        "区科技创新局",
        ("高新技术企业认定", "科技企业孵化", "知识产权保护", "研发费用补助", "科技型中小企业评价"),
    ),
    (
        "jjfzj",
        "区经济发展局",
        "区经济发展局",
        ("重点项目建设", "工业稳增长", "招商引资", "商贸流通", "节能降耗", "物价监测"),
    ),
    (
        "czj",
        "区财政局",
        "区财政局",
        ("预算绩效管理", "政府采购", "国库集中支付", "财政资金监管", "非税收入征管"),
    ),
    (
        "zjj",
        "区住建局",
        "区住建局",
        ("建筑施工安全", "保障性住房", "物业管理", "建筑市场监管", "老旧小区改造"),
    ),
    (
        "ncgzj",
        "区农村工作局",
        "区农村工作局",
        ("乡村振兴", "精准扶贫", "农田水利建设", "农村人居环境整治", "动物防疫"),
    ),
    (
        "shswj",
        "区社会事务局",
        "区社会事务局",
        ("社会救助", "养老服务", "就业创业", "社会保险", "退役军人服务", "殡葬改革"),
    ),
    (
        "scjgj",
        "区市场监督管理局",
        "区市场监管局",
        ("食品安全", "特种设备安全", "商事登记", "药品监管", "价格监督检查"),
    ),
    (
        "rdzxb",
        "区人大政协办",
        "区人大政协办",
        ("代表建议办理", "政协提案办理", "代表联络站建设", "专题视察", "委员履职"),
    ),
    (
        "gtzyfj",
        "区国土资源分局",
        "区国土资源分局",
        ("土地利用总体规划", "不动产登记", "违法用地查处", "地质灾害防治", "耕地保护"),
    ),
    (
        "hbfj",
        "区环保分局",
        "区环保分局",
        ("大气污染防治", "水污染防治", "环境执法", "排污许可", "建设项目环评", "中央环保督察整改"),
    ),
    (
        "ajfj",
        "区安监分局",
        "区安监分局",
        ("安全生产大检查", "危险化学品整治", "职业健康", "应急演练", "隐患排查治理"),
    ),
    (
        "cgzffj",
        "区城管执法分局",
        "区城管执法分局",
        ("市容环境整治", "违法建设查处", "占道经营整治", "户外广告管理", "垃圾分类"),
    ),
    (
        "gysyb",
        "区公用事业办",
        "区公用事业办",
        ("供水保障", "燃气安全", "公交线网优化", "路灯管养", "排水防涝"),
    ),
    (
        "ggzyjy",
        "区公共资源交易中心",
        "区交易中心",
        ("工程建设项目招标", "政府采购项目", "交易平台建设", "评标专家管理", "电子化交易"),
    ),
    (
        "xzfwzx",
        "区行政服务中心",
        "区行政服务中心",
        ("“放管服”改革", "一门式一网式服务", "政务服务事项梳理", "窗口作风建设", "网上办事大厅"),
    ),
    (
        "cxhwzx",
        "区城乡环境卫生管理中心",
        "区环卫中心",
        ("生活垃圾收运", "公厕管理", "环卫作业考核", "垃圾分类", "道路清扫保洁"),
    ),
    (
        "csgxzx",
        "区城市更新发展中心",
        "区城市更新中心",
        ("“三旧”改造", "城市更新单元规划", "旧村改造", "土地整备", "城市更新项目审批"),
    ),
)

_BROKEN = {"hnkjy": 9, "qdqb": 10, "ajfj": 10}
_FAMILIES = (Family.trs, Family.hanweb, Family.cards, Family.dlist)
_META_ONLY = {"hhjd", "gtzyfj"}  # GBK sites whose server sends no charset in Content-Type


def _spec(index: int, row: tuple[str, str, str, tuple[str, ...]]) -> UnitSpec:
    uid, name, short, topics = row
    family = _FAMILIES[index % len(_FAMILIES)]
    encoding = "gbk" if family in (Family.hanweb, Family.dlist) else "utf-8"
    return UnitSpec(uid, name, short, topics, family, encoding, uid not in _META_ONLY, _BROKEN.get(uid, 0))


UNIT_SPECS: tuple[UnitSpec, ...] = tuple(_spec(i, row) for i, row in enumerate(_UNITS))
