"""Plausible Chinese wording for titles, bodies and file names, drawn from each unit's own topics."""

from __future__ import annotations

import random
from datetime import date

from freshwatch.demo.units import UnitSpec

_TITLES: dict[str, tuple[str, ...]] = {
    "news": (
        "{short}召开{topic}工作推进会",
        "{short}开展{topic}专项行动",
        "{short}：{topic}工作取得阶段性成效",
        "{short}主要负责同志带队督导{topic}工作",
        "{short}组织开展{topic}培训",
        "{short}召开{month}月份工作例会",
        "{short}扎实推进{topic}工作",
        "{short}组织学习贯彻党的十九大精神",
        "{short}迎接市{topic}工作检查",
    ),
    "notice": (
        "{short}：关于开展{year}年{topic}专项检查的通知",
        "关于做好{topic}工作的通知",
        "关于举办{topic}业务培训班的通知",
        "关于{topic}有关事项的公告",
        "{short}关于{topic}情况的通报",
        "关于{year}年{topic}工作安排的通知",
        "{short}关于公开征集{topic}意见建议的公告",
        "关于元旦期间做好{topic}工作的通知",
    ),
    "policy": (
        "{short}关于印发《{topic}工作实施方案》的通知",
        "关于进一步加强{topic}工作的意见",
        "{short}{topic}管理办法（试行）",
        "关于印发《{year}年{topic}工作要点》的通知",
        "{short}关于规范{topic}工作的通知",
        "关于调整{topic}领导小组成员的通知",
    ),
    "plan": (
        "{short}{year}年{topic}工作计划",
        "{short}{year}年工作要点",
        "{short}{topic}“十三五”规划",
        "{short}{prev}年工作总结和{year}年工作计划",
        "{year}年{topic}工作方案",
        "{short}{year}年度部门预算编制计划",
    ),
}

_SENTENCES = (
    "为深入贯彻落实上级有关工作部署，切实做好{topic}各项工作，结合我单位实际，现将有关事项明确如下。",
    "各有关单位要高度重视，明确责任分工，细化工作措施，确保各项任务按时保质完成。",
    "会议强调，要坚持问题导向，聚焦{topic}中的突出问题，建立台账，逐项销号，确保整改到位。",
    "下一步，{short}将继续加大工作力度，完善长效机制，推动{topic}工作再上新台阶。",
    "此次活动共出动工作人员{n}人次，检查点位{m}个，发现问题{k}处，已全部督促整改。",
    "请各单位于规定时间内将有关材料报送至{short}综合股，联系电话：0752-32{n}{m}。",
)


def article_title(unit: UnitSpec, key: str, day: date, rng: random.Random) -> str:
    template = rng.choice(_TITLES[key])
    year = day.year + 1 if key == "plan" and day.month == 12 else day.year
    return template.format(
        short=unit.short, topic=rng.choice(unit.topics), year=year, prev=year - 1, month=day.month
    )


def paragraphs(unit: UnitSpec, rng: random.Random, count: int) -> list[str]:
    return [
        rng.choice(_SENTENCES).format(
            short=unit.short,
            topic=rng.choice(unit.topics),
            n=rng.randint(10, 99),
            m=rng.randint(10, 99),
            k=rng.randint(1, 9),
        )
        for _ in range(count)
    ]


def attachment_name(title: str, index: int, ext: str) -> str:
    stem = title.split("关于")[-1].replace("的通知", "").strip("：") or title
    label = ("附件" if index == 0 else f"附件{index + 1}") + "：" + stem[:24]
    if ext in ("xls", "xlsx"):
        label = f"附件{index + 1}：{stem[:16]}汇总表"
    return f"{label}.{ext}"
