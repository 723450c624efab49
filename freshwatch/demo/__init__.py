"""The demo farm: the 28 units of the 2018-Q4 notice as simulated government sites on 127.0.0.1.

``freshwatch demo`` crawls this farm as of 2018-12-31, adds the notice's manual entries and scores
2018Q4 with the demo rulebook; the table must equal the notice's CSV because the sites were built
to contain exactly the problems the notice reports (see ``content.py``), not because answers are
stored anywhere the pipeline reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from freshwatch.demo.content import DEMO_DAY
from freshwatch.demo.running import Farm, start_farm
from freshwatch.demo.truth import BrokenTruth, ColumnTruth, FarmTruth, UnitTruth
from freshwatch.demo.units import UNIT_SPECS

DEMO_QUARTER = "2018Q4"
DEMO_UNITS: tuple[tuple[str, str], ...] = tuple((unit.id, unit.name) for unit in UNIT_SPECS)
MANUAL_COLUMN = "政务公开科日常监测"
DEMO_OFFICE_ACCOUNT = "office"  # the console's demo accounts, created by ``freshwatch demo``
DEMO_UNIT_ACCOUNT = (
    "hbfj"  # a unit account is named after its unit: 区环保分局 has a warning and a manual deduction
)


@dataclass(frozen=True)
class DemoManualEntry:
    """One deduction the office booked by hand (the notice's 政务公开科日常监测 column)."""

    unit_id: str
    day: date
    points: float
    column: str
    reason: str


MANUAL_ENTRIES: tuple[DemoManualEntry, ...] = (
    DemoManualEntry(
        "shswj",
        date(2018, 11, 16),
        0.5,
        MANUAL_COLUMN,
        "日常监测：人工抽检发现“社会救助”栏目信息逾期未更新，部分稿件不规范（未注明信息来源）",
    ),
    DemoManualEntry(
        "gtzyfj",
        date(2018, 12, 7),
        2.0,
        MANUAL_COLUMN,
        "日常监测：人工抽检发现“征地信息”栏目信息逾期未更新，附件无法下载，稿件不规范，经提醒后整改不及时",
    ),
    DemoManualEntry(
        "hbfj",
        date(2018, 12, 14),
        1.5,
        MANUAL_COLUMN,
        "日常监测：市信息公开监测预警平台红灯预警，栏目信息更新不及时问题依旧存在，链接附件问题整改不到位",
    ),
)

__all__ = [
    "DEMO_DAY",
    "DEMO_OFFICE_ACCOUNT",
    "DEMO_QUARTER",
    "DEMO_UNITS",
    "DEMO_UNIT_ACCOUNT",
    "MANUAL_COLUMN",
    "MANUAL_ENTRIES",
    "BrokenTruth",
    "ColumnTruth",
    "DemoManualEntry",
    "Farm",
    "FarmTruth",
    "UnitTruth",
    "start_farm",
]
