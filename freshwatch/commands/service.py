"""``daemon``, ``health``, ``digest`` and ``availability``: the unattended side."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import click

import storage
from freshwatch.app import App
from freshwatch.clock import local_today, zone
from freshwatch.commands.crawling import parse_day
from freshwatch.output import print_json, print_table, say
from freshwatch.views import selected_units

pass_app = click.make_pass_decorator(App)


@click.command()
@pass_app
def daemon(app: App) -> None:
    """常驻运行：按计划抓取（默认 02:00）、探测首页（每 30 分钟）、发送每日提醒（08:00）。"""
    from freshwatch.daemon import run_daemon

    app.remember_registry()
    code = asyncio.run(run_daemon(app.config(), app.store()))
    if code:
        raise click.exceptions.Exit(code)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@pass_app
def health(app: App, as_json: bool) -> None:
    """各计划任务上次运行的时间和结果；有任务逾期未运行时退出码为 1。"""
    from freshwatch.daemon import health_report

    report = health_report(app.store(), app.config(), now=datetime.now(UTC))
    if as_json:
        print_json(report)
    else:
        for line in report.lines():
            click.echo(line)
    if report.exit_code:
        raise click.exceptions.Exit(report.exit_code)


@click.command()
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="摘要日期（默认今天）")
@click.option("--dry-run", is_flag=True, help="只显示将要发送的内容，不发送、不记录")
@pass_app
def digest(app: App, day_text: str | None, dry_run: bool) -> None:
    """向各单位发送每日整改提醒，向管理办公室发送汇总。"""
    from freshwatch.digest.send import run_digest

    config = app.config()
    day = parse_day(day_text, "--date") or local_today(config)
    outcome = asyncio.run(run_digest(config, app.store(), day=day, dry_run=dry_run))
    if dry_run:
        for text in outcome.previews():
            click.echo(text)
    say(outcome.summary())


@click.command()
@click.option("--unit", "units", multiple=True, metavar="ID")
@click.option("--from", "start_text", metavar="YYYY-MM-DD", help="起始日期（默认 7 天前）")
@click.option("--to", "end_text", metavar="YYYY-MM-DD", help="截止日期（默认今天）")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def availability(app: App, units: tuple[str, ...], start_text: str | None, end_text: str | None,
                 as_json: bool) -> None:
    """各站点可用率、每日/每周响应时间中位数与 P95（来自首页探测）。"""
    from scoring.verdicts import availability_stats

    config = app.config()
    end = parse_day(end_text, "--to") or local_today(config)
    start = parse_day(start_text, "--from") or end - timedelta(days=6)
    tz = zone(config)
    begin = datetime.combine(start, datetime.min.time(), tz)
    finish = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    chosen = selected_units(config, units)
    with app.store().session() as session:
        probes = storage.probes(session, unit_ids=[u.id for u in chosen], start=begin, end=finish)
    stats = availability_stats(probes, app.rulebook(), tz=tz)
    if as_json:
        print_json(stats)
        return
    print_table(
        f"站点可用性（{start} 至 {end}）",
        ["单位", "站点", "周期", "探测次数", "失败", "可用率", "响应中位数(秒)", "P95(秒)"],
        [(s.unit_id, s.site_home, s.period, s.probes, s.failures, f"{s.availability:.1%}",
          f"{s.median:.2f}" if s.median is not None else "-", f"{s.p95:.2f}" if s.p95 is not None else "-")
         for s in stats],
    )


COMMANDS = [daemon, health, digest, availability]
