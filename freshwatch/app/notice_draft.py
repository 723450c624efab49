"""The quarter's notice draft: the table plus the site verdicts behind its 合格率."""

from __future__ import annotations

from freshwatch import storage
from freshwatch.app.clock import day_span, local_today, zone
from freshwatch.app.context import App
from freshwatch.app.read_models import probe_outcome, registry_histories
from freshwatch.config.models import Rulebook
from freshwatch.reports.notice import NoticeReport, build_notice_report
from freshwatch.reports.notice_template import load_notice_template
from freshwatch.scoring.types import QuarterTable, SiteRef, SiteVerdict
from freshwatch.scoring.verdicts import site_verdicts


def quarter_verdicts(app: App, table: QuarterTable, rulebook: Rulebook) -> list[SiteVerdict]:
    """Every site judged as of the quarter's last day, on the quarter's probes, by the quarter's rules."""
    config = app.config()
    tz = zone(config)
    quarter = table.quarter
    sites = [SiteRef(u.id, s.home, closed=s.closed) for u in config.units for s in u.sites]
    histories = [h for _, h in registry_histories(app.store(), config.units, tz=tz, as_of=quarter.end)]
    start, end = day_span(quarter.start, quarter.end, tz)
    with app.store().session() as session:
        found = storage.probes(session, start=start, end=end)
    outcomes = [probe_outcome(p, tz) for p in found]
    return site_verdicts(sites, histories, outcomes, rulebook, as_of=quarter.end)


def notice_report(app: App, table: QuarterTable, rulebook: Rulebook) -> NoticeReport:
    from dataclasses import replace

    report = _draft(app, table, rulebook)
    return replace(report, rectification=rectification_paragraph(app, table))


def rectification_paragraph(app: App, table: QuarterTable) -> str:
    """整改情况 in one paragraph: the units' 已整改 claims as the crawls checked them, and disputes."""
    from freshwatch.app.rectification import unit_followups

    names = {row.unit_id: row.unit_name for row in table.rows}
    claims, appeals = unit_followups(
        app.store(), list(names), table.quarter, frozen_at=None, tz=zone(app.config())
    )
    if not claims and not appeals:
        return ""
    fixed = [c for c in claims if c.status == "fixed"]
    reopened = [c for c in claims if c.status == "reopened"]
    waiting = len(claims) - len(fixed) - len(reopened)
    parts = [
        f"（整改情况）各单位标记已整改 {len(claims)} 项，经复查已整改 {len(fixed)} 项、"
        f"未整改 {len(reopened)} 项、待复查 {waiting} 项"
    ]
    if reopened:
        units = "、".join(dict.fromkeys(names.get(c.unit_id, c.unit_id) for c in reopened))
        parts.append(f"复查未通过的单位：{units}")
    if appeals:
        count = {
            status: sum(1 for d in appeals if d.status == status)
            for status in ("accepted", "rejected", "open")
        }
        parts.append(
            f"提出申诉 {len(appeals)} 项，采纳 {count['accepted']} 项（相应扣分已撤销）、"
            f"驳回 {count['rejected']} 项、待处理 {count['open']} 项"
        )
    return "；".join(parts) + "。"


def _draft(app: App, table: QuarterTable, rulebook: Rulebook) -> NoticeReport:
    config = app.config()
    return build_notice_report(
        table,
        quarter_verdicts(app, table, rulebook),
        rulebook=rulebook,
        template=load_notice_template(config.report.template),
        office=config.report.office,
        scope=config.report.scope,
        today=local_today(config),
    )
