"""Fixtures: the hand-typed 2018-Q4 table and its notice, written once per test session."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from freshwatch.config.models import Rulebook
from freshwatch.reports.notice import NoticeReport, build_notice_report
from freshwatch.reports.notice_template import load_notice_template
from freshwatch.scoring.types import QuarterTable, SiteRef, SiteVerdict
from tests.conftest import SEED, require_shared
from tests.exports.seed2018 import UNITS, demo_rulebook, seed_table

OFFICE = "仲恺高新区管委会办公室"
TITLE = "2018年第四季度全区政府网站（频道）监测得分表"


def passing(unit_id: str) -> SiteVerdict:
    return SiteVerdict(SiteRef(unit_id, f"http://127.0.0.1:8100/{unit_id}/"), failures=(), prewarnings=())


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return demo_rulebook()


@pytest.fixture(scope="session")
def table() -> QuarterTable:
    return seed_table()


@pytest.fixture(scope="session")
def report(table: QuarterTable, rulebook: Rulebook) -> NoticeReport:
    return build_notice_report(
        table,
        [passing(unit_id) for unit_id, _ in UNITS],
        rulebook=rulebook,
        template=load_notice_template(),
        office=OFFICE,
        today=date(2019, 1, 12),
    )


@pytest.fixture(scope="session")
def seed_rows() -> list[list[str]]:
    path = require_shared(SEED / "score-table-2018Q4.csv")
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("exports")
