"""The pages (GET): each reads through views.py / the read models with the viewer's Scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from freshwatch import storage
from freshwatch.app.clock import day_span, utc_now, zone
from freshwatch.app.errors import InputError
from freshwatch.app.read_models import current_broken_links, probe_outcome, warnings_between
from freshwatch.app.rectification import DISPUTE_LABELS, STATUS_LABELS
from freshwatch.reports.text import explain_lines
from freshwatch.scoring.types import Quarter
from freshwatch.scoring.verdicts import availability_stats
from freshwatch.web import charts, views
from freshwatch.web.guard import Scope, Unknown
from freshwatch.web.server import Console

NOTICES = {
    "rectified": "已标记为已整改，下次抓取时核验。",
    "disputed": "申诉已提交，等待政务公开科处理。",
    "decided": "申诉已处理。",
    "booked": "扣分已登记。",
    "imported": "扣分已导入。",
    "withdrawn": "扣分已撤销。",
    "frozen": "得分表已冻结。",
    "crawling": "已开始抓取，进度见下方运行记录。",
}


def _quarter(request: Request, day: date) -> Quarter:
    text = request.query_params.get("quarter")
    if not text:
        return Quarter.of(day)
    try:
        return Quarter.parse(text)
    except ValueError:
        raise InputError(f"季度 {text!r} 无效；格式如 2018Q4") from None


def _results(console: Console) -> views.Results:
    """Quarter tables shared by the overview and every unit page until the data moves."""
    from freshwatch.app.quarters import quarter_result

    return lambda quarter: console.cached(("table", quarter), lambda: quarter_result(console.app, quarter))


def _common(console: Console, request: Request, scope: Scope) -> dict[str, Any]:
    return {
        "viewer": scope.viewer,
        "notice": NOTICES.get(request.query_params.get("done", "")),
        "units_nav": scope.units(),
    }


def overview(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    if not scope.viewer.is_office:
        return RedirectResponse(f"/unit/{scope.viewer.unit_id}", status_code=303)
    day = views.console_day(console.app)
    quarter = _quarter(request, day)
    found = console.cached(
        ("overview", tuple(scope.unit_ids()), quarter, day),
        lambda: views.overview(console.app, scope, quarter, day, _results(console), lambda _u, _d: {}),
    )
    verdicts = console.cached(
        ("availability", tuple(scope.unit_ids()), found.as_of),
        lambda: views.availability_by_unit(console.app, scope.units(), found.as_of),
        probes=True,
    )
    found = views.with_availability(found, verdicts)
    ranked = sorted(found.rows, key=lambda r: r.score)
    chart = charts.score_bars(
        [(r.name, r.score, r.score_text, r.state) for r in ranked], most=found.result.rulebook.base_score
    )
    return console.render(
        request,
        "overview.html",
        **_common(console, request, scope),
        data=found,
        chart=chart,
        quarters=views.known_quarters(console.app, day),
    )


def unit(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    unit_id = request.path_params["unit_id"]
    day = views.console_day(console.app)
    quarter = _quarter(request, day)
    scope.unit(unit_id)  # the guard first: a cached page is never a way around it
    page = console.cached(
        ("unit", unit_id, quarter, day),
        lambda: views.unit_page(console.app, scope, unit_id, quarter, day, _results(console)),
    )
    timelines = {}
    for ref, status in page.columns:
        fired = [(w.trigger.day, w.trigger.due) for w in page.warnings if w.column_url == ref.url]
        timelines[ref.url] = charts.timeline(
            page.window_start, page.as_of, updates=status.history.updates, due=status.due, warnings=fired
        )
    rules = console.app.rulebook().verdicts
    tz = zone(console.app.config())
    begin, end = day_span(page.as_of - timedelta(days=29), page.as_of, tz)
    with console.app.store().session() as session:
        probes = storage.probes(session, unit_ids=[page.unit.id], start=begin, end=end)
        claims = storage.rectifications(session, unit_ids=[page.unit.id])
        appeals = storage.disputes(session, unit_ids=[page.unit.id])
        manual = storage.manual_entries(
            session, unit_ids=[page.unit.id], start=quarter.start, end=quarter.end, include_withdrawn=True
        )
    stats = availability_stats([probe_outcome(p, tz) for p in probes], rules, by="day")
    strips = {
        site.home: charts.availability_strip(
            [(s.period_start, s.availability) for s in stats if s.site_home == site.home],
            failure=rules.availability_failure_ratio,
            prewarn=rules.availability_prewarn_ratio,
        )
        for site in page.unit.sites
    }
    waiting = {(c.kind, c.target) for c in claims if c.status == "claimed"}
    open_appeals = {d.entry_id for d in appeals if d.status == "open"}
    return console.render(
        request,
        "unit.html",
        **_common(console, request, scope),
        page=page,
        timelines=timelines,
        strips=strips,
        explain=explain_lines(page.result.table, page.unit.id, page.result.rulebook)
        if page.result is not None and any(r.unit_id == page.unit.id for r in page.result.table.rows)
        else [f"{quarter} 无监测数据：该季度没有抓取记录，不给出得分。"],
        claims=claims,
        waiting=waiting,
        appeals=appeals,
        open_appeals=open_appeals,
        manual=manual,
        status_labels=STATUS_LABELS,
        dispute_labels=DISPUTE_LABELS,
        verdicts={
            v.site.site_home: v
            for v in views.availability_by_unit(console.app, [page.unit], page.as_of).get(page.unit.id, [])
        },
    )


def column(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    found = scope.unit(request.path_params["unit_id"])
    url = request.query_params.get("url", "")
    names = {found_site.home: found_site.home for found_site in found.sites}
    configured = {c.url: c for site in found.sites for c in site.columns} | {
        site.home: None for site in found.sites
    }
    if url not in configured:
        raise Unknown(url)
    column_config = configured[url]
    with console.app.store().session() as session:
        items = storage.item_timeline(session, unit_id=found.id, column_url=url)
        seen = storage.column_observations(session, unit_id=found.id, column_url=url)
        snapshot = storage.latest_snapshot(session, unit_id=found.id, column_url=url)
    return console.render(
        request,
        "column.html",
        **_common(console, request, scope),
        unit=found,
        url=url,
        name=column_config.name if column_config is not None else "首页",
        items=items,
        observations=seen,
        homes=names,
        snapshot=snapshot,
    )


def warnings(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    day = views.console_day(console.app)
    quarter = _quarter(request, day)
    end = min(quarter.end, day)
    found = warnings_between(
        console.app.store(),
        scope.units(),
        console.app.rulebook(),
        start=quarter.start,
        end=end,
        tz=zone(console.app.config()),
    )
    by_day: dict[date, list[object]] = {}
    for warning in sorted(found, key=lambda w: (w.trigger.day, w.unit_id), reverse=True):
        by_day.setdefault(warning.trigger.day, []).append(warning)
    names = {u.id: u.name for u in scope.units()}
    return console.render(
        request,
        "warnings.html",
        **_common(console, request, scope),
        by_day=by_day,
        names=names,
        quarter=quarter,
        quarters=views.known_quarters(console.app, day),
    )


def links(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    broken = current_broken_links(console.app.store(), scope.units(), tz=zone(console.app.config()))
    names = {u.id: u.name for u in scope.units()}
    with console.app.store().session() as session:
        claims = storage.rectifications(session, unit_ids=scope.unit_ids(), statuses=["claimed"])
    waiting = {(c.unit_id, c.target) for c in claims if c.kind == "link"}
    return console.render(
        request, "links.html", **_common(console, request, scope), broken=broken, names=names, waiting=waiting
    )


def deductions(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    day = views.console_day(console.app)
    quarter = _quarter(request, day)
    with console.app.store().session() as session:
        entries = storage.manual_entries(
            session, unit_ids=scope.unit_ids(), start=quarter.start, end=quarter.end, include_withdrawn=True
        )
        appeals = storage.disputes(session, unit_ids=scope.unit_ids())
    names = {u.id: u.name for u in scope.units()}
    from freshwatch.scoring.table import manual_titles

    return console.render(
        request,
        "deductions.html",
        **_common(console, request, scope),
        entries=entries,
        appeals=appeals,
        names=names,
        quarter=quarter,
        quarters=views.known_quarters(console.app, day),
        titles=manual_titles(console.app.rulebook_for(quarter)),
        dispute_labels=DISPUTE_LABELS,
        today=day,
    )


def reports(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    day = views.console_day(console.app)
    with console.app.store().session() as session:
        frozen = {q: storage.frozen_table(session, str(q)) for q in views.known_quarters(console.app, day)}
    return console.render(
        request, "reports.html", **_common(console, request, scope), frozen=frozen, today=day
    )


def runs(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:

    from freshwatch.daemon.health import health_report

    with console.app.store().session() as session:
        recent = storage.latest_runs(session, limit=30)
    report = health_report(console.app.store(), console.app.config(), now=utc_now())
    return console.render(
        request,
        "runs.html",
        **_common(console, request, scope),
        runs=recent,
        health=report.lines(),
        running=sorted(unit_id for unit_id, thread in console.crawls.items() if thread.is_alive()),
    )


def audit(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    with console.app.store().session() as session:
        entries = storage.audit_entries(session)
    return console.render(request, "audit.html", **_common(console, request, scope), entries=entries)


ROUTES = [
    ("/", overview, ["GET"], False),
    ("/unit/{unit_id}", unit, ["GET"], False),
    ("/unit/{unit_id}/column", column, ["GET"], False),
    ("/warnings", warnings, ["GET"], False),
    ("/links", links, ["GET"], False),
    ("/deductions", deductions, ["GET"], False),
    ("/reports", reports, ["GET"], True),
    ("/runs", runs, ["GET"], True),
    ("/audit", audit, ["GET"], True),
]
