"""``daemon``, ``health``, ``digest`` and ``availability``: the unattended side."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import click

from freshwatch import storage
from freshwatch.app.clock import day_span, local_today, utc_now, zone
from freshwatch.app.context import App
from freshwatch.app.crawl_job import collect_garbage_for_crawling
from freshwatch.app.read_models import selected_units
from freshwatch.cli.output import echo, print_json, print_table, say
from freshwatch.cli.params import parse_day, pass_app
from freshwatch.reports.wording import period_label
from freshwatch.scoring.types import SiteVerdict


@click.command()
@click.option("--web", "with_web", is_flag=True, help="同一进程内同时运行网页控制台")
@click.option("--host", default="127.0.0.1", show_default=True, help="网页控制台监听地址（配合 --web）")
@click.option("--port", default=8700, show_default=True, type=int, help="网页控制台端口（配合 --web）")
@pass_app
def daemon(app: App, with_web: bool, host: str, port: int) -> None:
    """常驻运行：按计划抓取（默认 02:00）、探测首页（每 30 分钟）、发送每日提醒（08:00）。"""
    from freshwatch.daemon.scheduler import run_daemon

    app.remember_registry()
    collect_garbage_for_crawling()
    work = run_daemon(app.config(), app.store(), rulebooks=app.rulebooks())
    if with_web:
        from freshwatch.web.server import with_console

        work = with_console(app, work, host=host, port=port)
    code = asyncio.run(work)
    if code:
        raise click.exceptions.Exit(code)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（含退出码和每项检查）")
@pass_app
def health(app: App, as_json: bool) -> None:
    """守护进程是否在运行、各计划任务上次运行的结果、发送失败的消息；有任何问题时退出码为 1。"""
    from freshwatch.daemon.health import health_report

    report = health_report(app.store(), app.config(), now=utc_now())
    if as_json:
        print_json(report.as_json())
    else:
        for line in report.lines():
            echo(line)
    if report.exit_code:
        raise click.exceptions.Exit(report.exit_code)


@click.command()
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="摘要日期（默认今天）")
@click.option("--dry-run", is_flag=True, help="只显示将要发送的内容，不发送、不记录")
@pass_app
def digest(app: App, day_text: str | None, dry_run: bool) -> None:
    """向各单位发送每日整改提醒，向管理办公室发送汇总；有消息发送失败时退出码为 1。"""
    import logging

    from freshwatch.daemon.scheduler import run_job
    from freshwatch.notify.digest.gather import detail_summary
    from freshwatch.notify.digest.send import DigestOutcome, run_digest

    config = app.config()
    rulebooks = app.rulebooks()
    day = parse_day(day_text, "--date") or local_today(config)
    if dry_run:
        preview = asyncio.run(run_digest(config, app.store(), day=day, rulebooks=rulebooks, dry_run=True))
        for text in preview.previews():
            echo(text)
        say(preview.summary())
        return
    outcomes: list[DigestOutcome] = []

    async def work() -> tuple[bool, str]:
        outcome = await run_digest(config, app.store(), day=day, rulebooks=rulebooks)
        outcomes.append(outcome)
        return True, outcome.job_detail()

    # Through the daemon's job runner, so a digest sent by hand is "the last digest" for the next one.
    ok, detail = asyncio.run(
        run_job(app.store(), "digest", work, log=logging.getLogger("freshwatch.notify.digest"))
    )
    say(outcomes[0].summary() if outcomes else f"每日提醒发送失败：{detail_summary(detail)}")
    failed = outcomes[0].count("failed") if outcomes else 0
    if failed:
        say(f"有 {failed} 条消息发送失败（原因见日志和 freshwatch health；下次运行时重试），退出码 1")
    if not ok or failed:
        raise click.exceptions.Exit(1)


@click.command()
@click.option("--unit", "units", multiple=True, metavar="ID", help="只看这些单位（可重复）")
@click.option(
    "--from", "start_text", metavar="YYYY-MM-DD", help="起始日期（默认为规则中可用性统计窗口的第一天）"
)
@click.option("--to", "end_text", metavar="YYYY-MM-DD", help="截止日期（默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：各站点结论及每日、每周统计")
@pass_app
def availability(
    app: App, units: tuple[str, ...], start_text: str | None, end_text: str | None, as_json: bool
) -> None:
    """各站点可用率、每日/每周响应时间中位数与 P95（来自首页探测）。"""
    from freshwatch.app.read_models import probe_outcome
    from freshwatch.scoring.types import SiteRef
    from freshwatch.scoring.verdicts import availability_stats, availability_verdicts

    config = app.config()
    rules = app.rulebook().verdicts
    end = parse_day(end_text, "--to") or local_today(config)
    window_start = rules.availability_window.before(end) + timedelta(days=1)
    start = parse_day(start_text, "--from") or window_start
    tz = zone(config)
    chosen = selected_units(config, units)
    # the verdict reads the rule's whole window, whatever --from shows in the tables below
    begin, finish = day_span(min(start, window_start), end, tz)
    with app.store().session() as session:
        probes = storage.probes(session, unit_ids=[u.id for u in chosen], start=begin, end=finish)
    outcomes = [probe_outcome(p, tz) for p in probes]
    shown = [o for o in outcomes if start <= o.day]
    stats = {by: availability_stats(shown, rules, by=by) for by in ("day", "week")}
    sites = [(unit, site) for unit in chosen for site in unit.sites]
    judged = availability_verdicts(
        [SiteRef(u.id, s.home, closed=s.closed) for u, s in sites], outcomes, rules, as_of=end
    )
    verdicts = [
        (u, s, v.availability_ratio, _availability_label(v)) for (u, s), v in zip(sites, judged, strict=True)
    ]
    if as_json:
        print_json(
            {
                "sites": [
                    {"unit": u.id, "site": s.home, "failure_ratio": r, "verdict": v}
                    for u, s, r, v in verdicts
                ],
                "daily": stats["day"],
                "weekly": stats["week"],
            }
        )
        return
    print_table(
        f"站点可用性（截至 {end}，近 {period_label(rules.availability_window)} 失败率；不合格线 {rules.availability_failure_ratio:.0%}）",
        ["单位", "站点", "失败率", "结论"],
        [(u.name, s.label, "-" if r is None else f"{r:.1%}", v) for u, s, r, v in verdicts],
    )
    for by, label in (("day", "每日"), ("week", "每周")):
        print_table(
            f"{label}可用率与响应时间（{start} 至 {end}）",
            ["单位", "站点", "起始日", "探测次数", "失败", "可用率", "中位数(秒)", "P95(秒)"],
            [
                (
                    s.unit_id,
                    s.site_home,
                    s.period_start,
                    s.probes,
                    s.failures,
                    f"{s.availability:.1%}",
                    "-" if s.median is None else f"{s.median:.2f}",
                    "-" if s.p95 is None else f"{s.p95:.2f}",
                )
                for s in stats[by]
            ],
        )


def _availability_label(verdict: SiteVerdict) -> str:
    if verdict.availability_ratio is None:
        return "无探测数据"
    if verdict.site.closed:
        return "已报备临时关停（不计）"
    if verdict.failures:
        return "不合格：站点无法访问"
    return "预警" if verdict.prewarnings else "正常"


COMMANDS = [daemon, health, digest, availability]
