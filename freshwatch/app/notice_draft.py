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
