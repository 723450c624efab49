"""The notice's sentences, built without Word: pass rate, clean units, problems, template."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from freshwatch.config.errors import ConfigError
from freshwatch.config.models import Rulebook
from freshwatch.reports.notice import NoticeReport, build_notice_report, format_rate
from freshwatch.reports.notice_template import load_notice_template
from freshwatch.scoring.types import QuarterTable, SiteRef, SiteVerdict, UnitRow, VetoFinding, VetoItem
from tests.exports.conftest import OFFICE, passing
from tests.exports.seed2018 import Q4, UNITS


def build(
    table: QuarterTable, rulebook: Rulebook, verdicts: list[SiteVerdict] | None = None, **extra: object
) -> NoticeReport:
    verdicts = verdicts if verdicts is not None else [passing(u) for u, _ in UNITS]
    return build_notice_report(
        table,
        verdicts,
        rulebook=rulebook,
        template=load_notice_template(),
        office=OFFICE,
        today=date(2019, 1, 12),
        **extra,
    )  # type: ignore[arg-type]


def test_seed_report_facts(report: NoticeReport) -> None:
    assert report.title == "仲恺高新区管委会办公室关于2018年第四季度全区政府网站频道监测情况的通报"
    assert (report.site_count, report.pass_rate, report.failed_units) == (28, 1.0, ())
    assert len(report.units_without_findings) == 22
    assert report.units_without_findings[:2] == ("东江科技园", "陈江街道")
    assert [(f.unit_name, f.details) for f in report.overdue_columns] == [("区环保分局", ("规划计划",))]
    assert [(u.unit_name, u.pages, u.attachments) for u in report.broken_links] == [
        ("惠南科技园", 9, 0),
        ("区党群办", 10, 0),
        ("区安监分局", 8, 2),
    ]
    assert [f.unit_name for f in report.manual_findings] == ["区社会事务局", "区国土资源分局", "区环保分局"]
    assert report.preamble[0].startswith(
        "根据国家、省及市有关开展政府网站季度检查的要求，仲恺高新区管委会办公室"
    )
    assert "${" not in "".join(report.preamble + report.requirements)


def test_a_failed_site_lowers_the_pass_rate_and_is_named(table: QuarterTable, rulebook: Rulebook) -> None:
    stale_home = VetoFinding(VetoItem.home_stale, 20, 14)
    verdicts = [passing(u) for u, _ in UNITS if u != "czj"]
    verdicts.append(
        SiteVerdict(SiteRef("czj", "http://127.0.0.1:8114/"), failures=(stale_home,), prewarnings=())
    )
    report = build(table, rulebook, verdicts)
    assert report.pass_rate == pytest.approx(27 / 28)
    assert (
        "监测合格率为96.43%，区财政局1个单位网站（频道）因存在单项否决问题（首页不更新）监测不合格。"
        in report.overview
    )
    assert "区财政局" not in report.units_without_findings
    assert "共21个单位" in report.overview


def test_late_interpretations_and_feedback_become_points(table: QuarterTable, rulebook: Rulebook) -> None:
    report = build(
        table,
        rulebook,
        late_interpretations=["czj", "zjj"],
        late_feedback=["djkjy"],
        other_problems=["个别单位存在错别字。"],
    )
    assert (
        "四是政策解读不及时，区财政局、区住建局2个单位出台政策文件后，未能及时对政策进行解读"
        in report.problems
    )
    assert "五是互动回应不到位，东江科技园1个单位发布的征求意见稿" in report.problems
    assert report.problems.endswith("六是个别单位存在错别字。")
    assert "东江科技园" not in report.units_without_findings


def test_a_quarter_without_findings(rulebook: Rulebook) -> None:
    rows = tuple(UnitRow(u, n, (0.0,) * 6, 0.0, 100.0) for u, n in UNITS[:3])
    clean = QuarterTable(
        Q4, ("工作动态", "通知公告", "部门文件", "规划计划", "第三方监测报告", "政务公开科日常监测"), rows
    )
    report = build(clean, rulebook, [passing(u) for u, _ in UNITS[:3]])
    assert report.problems == "此次监测未发现网站（频道）存在突出问题。"
    assert "东江科技园、惠南科技园、陈江街道共3个单位" in report.overview


def test_withdrawn_manual_entries_are_not_problems(table: QuarterTable, rulebook: Rulebook) -> None:
    withdrawn = []
    for deduction in table.deductions:
        if deduction.manual is not None and deduction.unit_id == "gtfj":
            entry = replace(deduction.manual, withdrawn_at=datetime(2019, 1, 2, 9, 0), withdraw_reason="误报")
            deduction = replace(deduction, manual=entry)
        withdrawn.append(deduction)
    rows = tuple(
        replace(r, cells=(0.0,) * 6, total=0.0, score=100.0) if r.unit_id == "gtfj" else r for r in table.rows
    )
    report = build(replace(table, deductions=tuple(withdrawn), rows=rows), rulebook)
    assert "区国土资源分局" not in report.problems
    assert "区国土资源分局" in report.units_without_findings


def test_no_verdicts_no_pass_rate(table: QuarterTable, rulebook: Rulebook) -> None:
    report = build(table, rulebook, [])
    assert report.pass_rate is None and "合格率" not in report.overview


@pytest.mark.parametrize(
    ("rate", "text"), [(1.0, "100%"), (27 / 28, "96.43%"), (0.5, "50%"), (0.875, "87.5%")]
)
def test_format_rate(rate: float, text: str) -> None:
    assert format_rate(rate) == text


def test_an_office_template_replaces_the_builtin(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(
        "# 说明\n[主送]\n各镇街：\n[导语]\n${office}通报${quarter}${scope}情况如下：\n"
        "[下一步工作要求]\n（一）抓整改。马上改。\n（二）抓落实。\n",
        encoding="utf-8",
    )
    template = load_notice_template(path).fill(office="某办", quarter="2018年第四季度", scope="全市")
    assert template.addressee == "各镇街："
    assert template.preamble == ("某办通报2018年第四季度全市情况如下：",)
    assert template.requirements == ("（一）抓整改。马上改。", "（二）抓落实。")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[主送]\n甲\n[落款]\n乙\n",
            '第 3 行: 值 "[落款]" 无效；可用的段落：[主送]、[导语]、[下一步工作要求]',
        ),
        ("甲\n", '第 1 行: 值 "甲" 无效；正文应写在以下段落标题之下'),
        ("[主送]\n甲\n[导语]\n乙\n", '[下一步工作要求]: 值 "缺少或为空" 无效；模板必须包含全部段落'),
    ],
)
def test_a_bad_template_is_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_notice_template(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
