"""The quarterly notice as data: the facts the office reports and the Chinese sentences saying them.

``build_notice_report`` is pure (no clock, no disk: ``today`` and the template are arguments), so
every sentence of the draft can be tested without opening Word; ``docx.py`` only lays it out.
The sentences follow the 2018-Q4 notice (惠仲委办函〔2019〕4号) so the draft reads like the real one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from freshwatch.config.models import Rulebook
from freshwatch.reports.layout import quarter_label, remarks, table_subtitle, table_title
from freshwatch.reports.notice_template import NoticeTemplate
from freshwatch.reports.wording import FINDING_SUBTYPE_LABELS
from freshwatch.scoring.types import Quarter, QuarterTable, SiteVerdict
from freshwatch.scoring.verdicts import pass_rate as site_pass_rate

ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
ATTACHMENT_KINDS = frozenset({"attachment"})


@dataclass(frozen=True, slots=True)
class UnitFinding:
    """One unit and what was found: column names, or reasons for manual entries."""

    unit_id: str
    unit_name: str
    details: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnitLinks:
    unit_id: str
    unit_name: str
    pages: int  # broken pages, images and external links
    attachments: int  # attachments that can't be downloaded


@dataclass(frozen=True, slots=True)
class NoticeReport:
    office: str
    quarter: Quarter
    title: str
    doc_number: str
    addressee: str
    preamble: tuple[str, ...]
    table: QuarterTable
    rulebook: Rulebook
    site_count: int
    pass_rate: float | None  # 0..1; None when no site verdicts were given
    failed_units: tuple[UnitFinding, ...]  # units with a 不合格 site; details: the veto items
    units_without_findings: tuple[str, ...]  # names, in config order
    overdue_columns: tuple[UnitFinding, ...]
    blank_columns: tuple[UnitFinding, ...]
    broken_links: tuple[UnitLinks, ...]
    manual_findings: tuple[UnitFinding, ...]
    other_problems: tuple[str, ...]
    overview: str  # the paragraph under 一、总体情况
    problems: str  # the paragraph under 二、存在的主要问题
    requirements: tuple[str, ...]  # the paragraphs under 三、下一步工作要求
    attachment_title: str
    attachment_subtitle: str
    notes: tuple[str, ...]  # the 备注 under the attached table
    date: date


def build_notice_report(
    table: QuarterTable,
    verdicts: Sequence[SiteVerdict],
    *,
    rulebook: Rulebook,
    template: NoticeTemplate,
    office: str,
    today: date,
    scope: str = "全区",
    late_interpretations: Sequence[str] = (),
    late_feedback: Sequence[str] = (),
    other_problems: Sequence[str] = (),
    doc_number: str | None = None,
) -> NoticeReport:
    """The notice for ``table``; the late lists hold unit ids, ``other_problems`` whole sentences."""
    names = {row.unit_id: row.unit_name for row in table.rows}
    label = quarter_label(table.quarter)
    filled = template.fill(office=office, scope=scope, quarter=label)
    findings = _Findings.collect(table, names)
    failed = _failed(verdicts, names)
    order = [row.unit_id for row in table.rows]
    late_interpretations = [*late_interpretations, *_content_units(table, "interpretation", order)]
    late_feedback = [*late_feedback, *_content_units(table, "consultation", order)]
    content_points = _content_points(table, names, order)
    flagged = findings.unit_ids() | set(late_interpretations) | set(late_feedback)
    flagged |= {f.unit_id for f in table.findings}
    flagged |= {finding.unit_id for finding in failed}
    flagged |= {row.unit_id for row in table.rows if row.total > 0}
    clean = tuple(row.unit_name for row in table.rows if row.unit_id not in flagged)
    pass_rate = site_pass_rate(verdicts)
    late_i = _unique(names.get(u, u) for u in late_interpretations)
    late_f = _unique(names.get(u, u) for u in late_feedback)
    attachment = table_title(table.quarter, scope)
    return NoticeReport(
        office=office,
        quarter=table.quarter,
        title=f"{office}关于{label}{scope}政府网站频道监测情况的通报",
        doc_number=doc_number or f"〔{today.year}〕X号",
        addressee=filled.addressee,
        preamble=filled.preamble,
        table=table,
        rulebook=rulebook,
        site_count=len(verdicts),
        pass_rate=pass_rate,
        failed_units=failed,
        units_without_findings=clean,
        overdue_columns=findings.overdue,
        blank_columns=findings.blank,
        broken_links=findings.links,
        manual_findings=findings.manual,
        other_problems=tuple(other_problems),
        overview=_overview(label, office, scope, len(verdicts), pass_rate, failed, clean),
        problems=_problems(table.quarter, findings, late_i, late_f, (*content_points, *other_problems)),
        requirements=filled.requirements,
        attachment_title=attachment,
        attachment_subtitle=table_subtitle(table.quarter),
        notes=remarks(rulebook),
        date=today,
    )


@dataclass(frozen=True, slots=True)
class _Findings:
    overdue: tuple[UnitFinding, ...]
    blank: tuple[UnitFinding, ...]
    links: tuple[UnitLinks, ...]
    manual: tuple[UnitFinding, ...]

    @classmethod
    def collect(cls, table: QuarterTable, names: dict[str, str]) -> _Findings:
        overdue: dict[str, list[str]] = {}
        blank: dict[str, list[str]] = {}
        manual: dict[str, list[str]] = {}
        pages: dict[str, set[str]] = {}
        attachments: dict[str, set[str]] = {}
        for deduction in table.deductions:
            unit = deduction.unit_id
            if deduction.warning is not None:
                overdue.setdefault(unit, []).append(deduction.warning.column_name)
            if deduction.blank_column is not None:
                blank.setdefault(unit, []).append(deduction.blank_column.column_name)
            if deduction.manual is not None and deduction.manual.withdrawn_at is None:
                manual.setdefault(unit, []).append(deduction.manual.reason)
            for link in deduction.links:
                kind = attachments if link.kind in ATTACHMENT_KINDS else pages
                kind.setdefault(unit, set()).add(link.url)
        order = [row.unit_id for row in table.rows]
        link_units = [u for u in order if u in pages or u in attachments]
        return cls(
            overdue=_per_unit(overdue, order, names),
            blank=_per_unit(blank, order, names),
            links=tuple(
                UnitLinks(u, names[u], len(pages.get(u, ())), len(attachments.get(u, ()))) for u in link_units
            ),
            manual=_per_unit(manual, order, names),
        )

    def unit_ids(self) -> set[str]:
        groups: Iterable[tuple[UnitFinding, ...] | tuple[UnitLinks, ...]] = (
            self.overdue,
            self.blank,
            self.links,
            self.manual,
        )
        return {finding.unit_id for group in groups for finding in group}


def _content_units(table: QuarterTable, kind: str, order: list[str]) -> list[str]:
    found = {f.unit_id for f in table.findings if f.kind == kind}
    return [u for u in order if u in found]


def _content_points(table: QuarterTable, names: dict[str, str], order: list[str]) -> list[str]:
    """存在的主要问题 sentences for personal data and wording findings (counts only: no number or
    context goes into a notice that is published)."""
    points = []
    privacy: dict[str, list[str]] = {}
    wording: dict[str, list[str]] = {}
    for finding in table.findings:
        if finding.kind == "privacy":
            privacy.setdefault(finding.unit_id, []).append(
                FINDING_SUBTYPE_LABELS.get(finding.subtype, "个人信息")
            )
        elif finding.kind == "typo":
            wording.setdefault(finding.unit_id, []).append(finding.level)
    if privacy:
        units = _per_unit({u: _counted(kinds) for u, kinds in privacy.items()}, order, names)
        points.append(
            f"个人信息保护不到位，{_units(_names(units))}网站（频道）发布的页面或附件中疑似含有未脱敏的个人信息"
            f"（{_details(units)}），请核实后删除或脱敏处理"
        )
    if wording:
        units = _per_unit({u: _counted(levels, suffix="问题") for u, levels in wording.items()}, order, names)
        points.append(
            f"信息内容存在错别字或表述错误，{_units(_names(units))}网站（频道）出现错别字、领导职务或机构名称等表述问题"
            f"（{_details(units)}）"
        )
    return points


def _counted(labels: list[str], suffix: str = "") -> list[str]:
    """["身份证号", "身份证号", "手机号码"] -> ["身份证号2处", "手机号码1处"]."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return [f"{label}{suffix}{count}处" for label, count in counts.items()]


def _failed(verdicts: Sequence[SiteVerdict], names: dict[str, str]) -> tuple[UnitFinding, ...]:
    items: dict[str, list[str]] = {}
    for verdict in verdicts:
        if not verdict.passed:
            items.setdefault(verdict.site.unit_id, []).extend(f.item.label for f in verdict.failures)
    return tuple(UnitFinding(u, names.get(u, u), _unique(labels)) for u, labels in items.items())


def _per_unit(
    found: dict[str, list[str]], order: list[str], names: dict[str, str]
) -> tuple[UnitFinding, ...]:
    return tuple(UnitFinding(u, names[u], _unique(found[u])) for u in order if u in found)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def format_rate(rate: float) -> str:
    """96.43%, 100%: the notice prints no trailing zeros."""
    return f"{rate * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _overview(
    label: str,
    office: str,
    scope: str,
    sites: int,
    rate: float | None,
    failed: tuple[UnitFinding, ...],
    clean: tuple[str, ...],
) -> str:
    text = (
        f"{label}，按照《国务院办公厅关于开展第一次全国政府网站普查的通知》（国办发〔2015〕15号）确定的检查标准，"
        f"{office}对{scope}在线运行的{sites}个政府网站（频道）的健康状况、栏目更新和信息内容建设等情况进行了全面监测。"
    )
    if rate is not None:
        text += f"从监测结果看，网站（频道）监测合格率为{format_rate(rate)}"
        text += (
            f"，{_units(_names(failed))}网站（频道）因存在单项否决问题（{_details(failed)}）监测不合格。"
            if failed
            else "。"
        )
    if clean:
        text += f"其中，{'、'.join(clean)}共{len(clean)}个单位网站（频道）在本次监测中未发现问题。"
    return text


def _problems(
    quarter: Quarter,
    found: _Findings,
    late_interpretations: tuple[str, ...],
    late_feedback: tuple[str, ...],
    other: tuple[str, ...],
) -> str:
    points = [p for p in (_stale_point(quarter, found), _links_point(found), _manual_point(found)) if p]
    if late_interpretations:
        points.append(f"政策解读不及时，{_units(late_interpretations)}出台政策文件后，未能及时对政策进行解读")
    if late_feedback:
        points.append(
            f"互动回应不到位，{_units(late_feedback)}发布的征求意见稿在征求意见期结束后，"
            "未能及时反馈意见征集情况及采纳情况"
        )
    points.extend(text.rstrip("。；;") for text in other)
    if not points:
        return "此次监测未发现网站（频道）存在突出问题。"
    numbered = [f"{_ordinal(index)}是{point}" for index, point in enumerate(points)]
    return "此次监测发现，部分网站（频道）存在以下主要问题：" + "；".join(numbered) + "。"


def _stale_point(quarter: Quarter, found: _Findings) -> str:
    parts = []
    if found.overdue:
        parts.append(
            f"发现{_units(_names(found.overdue))}网站（频道）出现栏目信息逾期未更新情况（{_details(found.overdue)}）"
        )
    if found.blank:
        parts.append(f"发现{_units(_names(found.blank))}网站（频道）存在空白栏目（{_details(found.blank)}）")
    if not parts:
        return ""
    season = quarter_label(quarter).split("年", 1)[1]
    return f"内容更新不及时，{season}监测中，" + "，".join(parts)


def _links_point(found: _Findings) -> str:
    if not found.links:
        return ""
    names = tuple(unit.unit_name for unit in found.links)
    counts = []
    for unit in found.links:
        kinds = ([f"链接{unit.pages}个"] if unit.pages else []) + (
            [f"附件{unit.attachments}个"] if unit.attachments else []
        )
        counts.append((unit.unit_name, "、".join(kinds)))
    detail = counts[0][1] if len(counts) == 1 else "；".join(f"{name}：{text}" for name, text in counts)
    return f"链接和附件可用性不足，{_units(names)}网站（频道）出现链接无法打开或附件无法下载情况（{detail}）"


def _manual_point(found: _Findings) -> str:
    if not found.manual:
        return ""
    return f"日常监测发现问题，{_units(_names(found.manual))}在日常监测中被发现存在问题（{_details(found.manual)}）"


def _names(findings: tuple[UnitFinding, ...]) -> tuple[str, ...]:
    return tuple(finding.unit_name for finding in findings)


def _units(names: Sequence[str]) -> str:
    """区社会事务局、区环保分局2个单位: the notice's way of counting units."""
    return f"{'、'.join(names)}{len(names)}个单位"


def _details(findings: tuple[UnitFinding, ...]) -> str:
    """One unit: its details alone; several: each unit named before its own."""
    if len(findings) == 1:
        return "、".join(findings[0].details)
    return "；".join(f"{f.unit_name}：{'、'.join(f.details)}" for f in findings)


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else str(index + 1)
