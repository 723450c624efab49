"""Title and name pools: government-list vocabulary, so pages read like the real thing.

Titles are assembled from parts by a seeded RNG; nothing here is copied from a real page.
"""

from __future__ import annotations

import random
from datetime import date

PLACES = ("临江市", "安平县", "南湖区", "青禾县", "东川市", "白水县", "云阳区", "北屏市", "长垣县", "西岭区")
UNITS = (
    "市发展和改革委员会",
    "市教育局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市农业农村局",
    "市卫生健康委员会",
    "市应急管理局",
    "市市场监督管理局",
    "县人民政府办公室",
    "县民政局",
    "县水利局",
    "区司法局",
    "区统计局",
    "区医疗保障局",
)
TOPICS = (
    "安全生产",
    "森林防火",
    "秋冬季大气污染防治",
    "农村人居环境整治",
    "优化营商环境",
    "食品安全",
    "防汛抗旱",
    "冬春火灾防控",
    "耕地保护",
    "城乡居民医保参保缴费",
    "根治欠薪",
    "乡村振兴",
    "河湖长制",
    "政务服务一网通办",
    "政务公开",
    "双拥共建",
    "全民健身",
    "文明城市创建",
    "粮食安全",
    "稳就业",
    "社会救助",
    "消防安全",
    "燃气安全",
    "校园安全",
    "行政执法监督",
    "养老服务",
    "退役军人服务保障",
    "高标准农田建设",
    "生活垃圾分类",
)
LEADERS = ("市长", "常务副市长", "副市长", "县长", "副县长", "区长", "市政府秘书长")
NAMES = ("张建国", "李文华", "王海燕", "刘志强", "陈晓东", "杨丽娟", "赵永刚", "黄春梅", "周立新", "吴桂芳")
GBK_ONLY_NAMES = ("王堃", "李喆", "朱镕", "陈堃")  # characters GB2312 lacks: real pages declare gb2312 anyway


def _notice(rng: random.Random, year: int) -> str:
    t = rng.choice(TOPICS)
    forms = (
        f"关于做好{year}年{t}工作的通知",
        f"关于开展{t}专项检查的通知",
        f"{rng.choice(UNITS)}关于{t}有关事项的公告",
        f"关于征求《{rng.choice(PLACES)}{t}实施办法（征求意见稿）》意见的公告",
        f"{year}年{t}工作专项资金分配结果公示",
        f"关于{t}工作情况的通报",
        f"{rng.choice(UNITS)}{year}年度部门预算公开",
        f"关于调整{t}相关政策的通知",
    )
    return rng.choice(forms)


def _news(rng: random.Random, year: int) -> str:
    t = rng.choice(TOPICS)
    forms = (
        f"{rng.choice(LEADERS)}{rng.choice(NAMES)}调研{t}工作",
        f"我市召开{t}工作推进会",
        f"{rng.choice(UNITS)}扎实推进{t}",
        f"全市{t}现场观摩会召开",
        f"{rng.choice(PLACES)}{t}取得阶段性成效",
        f"{rng.choice(UNITS)}开展{t}宣传活动",
        f"市政府常务会议研究部署{t}等工作",
    )
    return rng.choice(forms)


def _policy(rng: random.Random, year: int) -> str:
    t = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    forms = (
        f"{place}人民政府办公室关于印发《{place}{t}三年行动方案（{year}—{year + 2}年）》的通知",
        f"{place}人民政府关于进一步加强{t}工作的意见",
        f"关于印发《{place}{t}管理办法》的通知",
        f"{place}人民政府办公室关于{t}的实施意见",
    )
    return rng.choice(forms)


def _personnel(rng: random.Random, year: int) -> str:
    forms = (
        f"{rng.choice(PLACES)}{year}年公开招聘事业单位工作人员拟聘用人员公示",
        f"关于{rng.choice(NAMES)}等同志任职的通知",
        f"{rng.choice(UNITS)}{year}年公开遴选公务员公告",
        f"{year}年度{rng.choice(PLACES)}“三支一扶”人员招募公告",
    )
    return rng.choice(forms)


def _plan(rng: random.Random, year: int) -> str:
    t = rng.choice(TOPICS)
    forms = (
        f"{rng.choice(UNITS)}{year}年工作计划",
        f"{rng.choice(PLACES)}{t}专项规划（{year}—{year + 5}年）",
        f"{rng.choice(UNITS)}{year - 1}年工作总结和{year}年工作要点",
    )
    return rng.choice(forms)


def _decree(rng: random.Random, year: int) -> str:
    place = rng.choice(PLACES)
    forms = (
        f"{place}人民政府令第{rng.randint(1, 160)}号",
        f"{place}人民代表大会常务委员会公告（第{rng.randint(1, 40)}号）",
        f"{rng.choice(PLACES)}人民政府关于公布{year}年{rng.choice(TOPICS)}工作名录的决定",
    )
    return rng.choice(forms)


def _appoint(rng: random.Random, year: int) -> str:
    forms = (
        f"关于{rng.choice(GBK_ONLY_NAMES)}等同志职务任免的通知",
        f"{rng.choice(GBK_ONLY_NAMES)}同志任职前公示",
        f"{year}年{rng.choice(UNITS)}干部任前公示（{rng.choice(GBK_ONLY_NAMES)}）",
    )
    return rng.choice(forms)


KINDS = {
    "notice": _notice,
    "news": _news,
    "policy": _policy,
    "personnel": _personnel,
    "plan": _plan,
    "decree": _decree,
    "appoint": _appoint,
}


def title(rng: random.Random, kind: str, day: date) -> str:
    return KINDS[kind](rng, day.year)


def dated_title(rng: random.Random, kind: str, day: date) -> str:
    """Titles that carry their own dates (meeting days, future start dates): real and misleading."""
    t = rng.choice(TOPICS)
    if kind == "news":
        return f"{day.month}月{max(day.day - 1, 1)}日全市{t}视频调度会召开"
    return f"关于{day.year + 1}年1月1日起施行《{rng.choice(PLACES)}{t}管理规定》的公告"
