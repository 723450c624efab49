"""The 2018-Q4 notice's table, typed by hand from the seed CSV, with evidence behind every point."""

from __future__ import annotations

from datetime import date

from freshwatch.config.keys import ColumnKey
from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Category, Rulebook
from freshwatch.scoring.types import (
    BrokenLink,
    Deduction,
    DeductionSource,
    ManualEntry,
    Quarter,
    QuarterTable,
    StaleWarning,
    Trigger,
    UnitRow,
)

Q4 = Quarter(2018, 4)
TITLES = ("工作动态", "通知公告", "部门文件", "规划计划", "第三方监测报告", "政务公开科日常监测")
UNITS = (
    ("djkjy", "东江科技园"),
    ("hnkjy", "惠南科技园"),
    ("cjjd", "陈江街道"),
    ("hhjd", "惠环街道"),
    ("llz", "沥林镇"),
    ("tqz", "潼侨镇"),
    ("thz", "潼湖镇"),
    ("jw", "区纪委(区监察与审计局)"),
    ("dqb", "区党群办"),
    ("zfw", "区委政法委"),
    ("xjwwb", "区宣教文卫办"),
    ("kjcxj", "区科技创新局"),
    ("jjfzj", "区经济发展局"),
    ("czj", "区财政局"),
    ("zjj", "区住建局"),
    ("ncgzj", "区农村工作局"),
    ("shswj", "区社会事务局"),
    ("scjgj", "区市场监督管理局"),
    ("rdzxb", "区人大政协办"),
    ("gtfj", "区国土资源分局"),
    ("hbfj", "区环保分局"),
    ("ajfj", "区安监分局"),
    ("cgzffj", "区城管执法分局"),
    ("gysyb", "区公用事业办"),
    ("ggzyjy", "区公共资源交易中心"),
    ("xzfwzx", "区行政服务中心"),
    ("cxhwzx", "区城乡环境卫生管理中心"),
    ("csgxzx", "区城市更新发展中心"),
)
# unit id -> (cells, total, score), copied from score-table-2018Q4.csv; every other unit is all zero
NONZERO = {
    "hnkjy": ((0, 0, 0, 0, 0.45, 0), 0.45, 99.55),
    "dqb": ((0, 0, 0, 0, 0.5, 0), 0.5, 99.5),
    "shswj": ((0, 0, 0, 0, 0, 0.5), 0.5, 99.5),
    "gtfj": ((0, 0, 0, 0, 0, 2), 2, 98.0),
    "hbfj": ((0, 0, 0, 5, 0, 1.5), 6.5, 93.5),
    "ajfj": ((0, 0, 0, 0, 0.5, 0), 0.5, 99.5),
}
PROBLEM_UNITS = ("惠南科技园", "区党群办", "区社会事务局", "区国土资源分局", "区环保分局", "区安监分局")


def demo_rulebook() -> Rulebook:
    return load_rulebook("demo")


def _links(unit: str, pages: int, attachments: int) -> tuple[BrokenLink, ...]:
    home = f"http://127.0.0.1:8100/{unit}/"
    made = [
        BrokenLink(
            unit,
            f"{home}gzdt/t2018_{n}.html",
            "page",
            "http_4xx",
            404,
            (f"{home}gzdt/",),
            date(2018, 10, 3),
            date(2018, 12, 28),
        )
        for n in range(pages)
    ]
    made += [
        BrokenLink(
            unit,
            f"{home}files/doc{n}.pdf",
            "attachment",
            "connect",
            None,
            (f"{home}tzgg/",),
            date(2018, 11, 2),
            date(2018, 12, 28),
        )
        for n in range(attachments)
    ]
    return tuple(made)


def _links_deduction(unit: str, pages: int, attachments: int) -> Deduction:
    links = _links(unit, pages, attachments)
    return Deduction(unit, DeductionSource.links, "links", round(0.05 * len(links), 2), links=links)


def _manual(entry_id: int, unit: str, points: float, reason: str) -> Deduction:
    entry = ManualEntry(
        entry_id,
        unit,
        date(2018, 11, 20),
        points,
        "政务公开科日常监测",
        reason,
        source_id=f"RC-{entry_id}",
        author="王科员",
    )
    return Deduction(unit, DeductionSource.manual, "manual", points, manual=entry)


def stale_plan_warning() -> Deduction:
    trigger = Trigger(
        day=date(2018, 11, 16), anchor=date(2017, 11, 15), due=date(2018, 11, 15), repeat_index=1
    )
    key = ColumnKey(
        "hbfj", "http://127.0.0.1:8121/", "规划计划", "http://127.0.0.1:8121/ghjh/", Category.plan
    )
    warning = StaleWarning(key, trigger, 5)
    return Deduction("hbfj", DeductionSource.stale, "plan", 5, warning=warning)


def seed_deductions() -> tuple[Deduction, ...]:
    return (
        _links_deduction("hnkjy", 9, 0),
        _links_deduction("dqb", 10, 0),
        _manual(1, "shswj", 0.5, "通知公告栏目信息逾期未更新"),
        _manual(2, "gtfj", 2, "工作动态栏目信息逾期未更新"),
        stale_plan_warning(),
        _manual(3, "hbfj", 1.5, "信息更新不及时，市平台红灯预警"),
        _links_deduction("ajfj", 8, 2),
    )


def seed_table() -> QuarterTable:
    rows = []
    for unit_id, name in UNITS:
        cells, total, score = NONZERO.get(unit_id, ((0.0,) * 6, 0.0, 100.0))
        rows.append(UnitRow(unit_id, name, tuple(float(c) for c in cells), float(total), float(score)))
    return QuarterTable(Q4, TITLES, tuple(rows), seed_deductions(), rulebook_name="demo")
