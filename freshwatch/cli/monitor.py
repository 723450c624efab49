"""``status``, ``links`` and ``warnings``: what stands today, read from the store."""

from __future__ import annotations

import click

from freshwatch.app.clock import local_today, zone
from freshwatch.app.context import App
from freshwatch.app.errors import InputError
from freshwatch.app.read_models import column_statuses, current_broken_links, selected_units, warnings_between
from freshwatch.cli.output import print_json, print_table
from freshwatch.cli.params import parse_day, pass_app
from freshwatch.reports.wording import error_label, kind_label, state_label
from freshwatch.scoring.types import Quarter


@click.command()
@click.option("--unit", "units", multiple=True, metavar="ID", help="只看这些单位（可重复）")
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD", help="按该日期判断（默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：每个栏目一个对象")
@pass_app
def status(app: App, units: tuple[str, ...], as_of_text: str | None, as_json: bool) -> None:
    """各栏目的最近更新日期、到期日和状态。"""
    config = app.config()
    as_of = parse_day(as_of_text, "--as-of") or local_today(config)
    rows = column_statuses(
        app.store(), selected_units(config, units), app.rulebook(), as_of=as_of, tz=zone(config)
    )
    if as_json:
        print_json(
            [
                {
                    "unit": ref.unit.id,
                    "site": ref.site.label,
                    "column": ref.name,
                    "url": ref.url,
                    "category": ref.category.value,
                    "latest_date": st.latest,
                    "days_since_update": st.days_since_update,
                    "due_date": st.due,
                    "state": st.state.value,
                    "unit_name": ref.unit.name,
                    "site_home": ref.site.home,
                }
                for ref, st in rows
            ]
        )
        return
    print_table(
        f"栏目更新状态（截至 {as_of.isoformat()}）",
        ["单位", "站点", "栏目", "类别", "最近更新", "距今天数", "到期日", "状态"],
        [
            (
                ref.unit.name,
                ref.site.label,
                ref.name,
                ref.category.label,
                st.latest or "-",
                st.days_since_update if st.days_since_update is not None else "-",
                st.due or "-",
                state_label(st.state.value),
            )
            for ref, st in rows
        ],
    )


@click.command()
@click.option("--unit", "units", multiple=True, metavar="ID", help="只看这些单位（可重复）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_app
def links(app: App, units: tuple[str, ...], as_json: bool) -> None:
    """最近一次检查仍然失效的链接、附件和图片。"""
    config = app.config()
    broken = current_broken_links(app.store(), selected_units(config, units))
    if as_json:
        print_json(
            [
                {
                    "unit": b.unit_id,
                    "url": b.url,
                    "kind": b.kind,
                    "status": b.status,
                    "error": b.error,
                    "found_on": list(b.found_on),
                    "first_seen": b.first_seen,
                    "last_seen": b.last_seen,
                    "suspected": b.error == "blocked",
                }
                for b in broken
            ]
        )
        return
    names = {u.id: u.name for u in config.units}
    print_table(
        f"失效链接（{len(broken)} 个）",
        ["单位", "链接", "类型", "问题", "所在页面"],
        [
            (
                names.get(b.unit_id, b.unit_id),
                b.url,
                kind_label(b.kind),
                error_label(b.error, b.status),
                "\n".join(b.found_on[:3]) + ("\n…" if len(b.found_on) > 3 else ""),
            )
            for b in broken
        ],
    )


@click.command(name="warnings")
@click.option("--unit", "units", multiple=True, metavar="ID", help="只看这些单位（可重复）")
@click.option("--from", "start_text", metavar="YYYY-MM-DD", help="起始日期（默认本季度第一天）")
@click.option("--to", "end_text", metavar="YYYY-MM-DD", help="截止日期（默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_app
def warnings_command(
    app: App, units: tuple[str, ...], start_text: str | None, end_text: str | None, as_json: bool
) -> None:
    """栏目逾期未更新的预警（按触发日期）。"""
    config = app.config()
    end = parse_day(end_text, "--to") or local_today(config)
    start = parse_day(start_text, "--from") or Quarter.of(end).start
    if start > end:
        raise InputError(f"--from {start} 晚于 --to {end}")
    found = warnings_between(
        app.store(), selected_units(config, units), app.rulebook(), start=start, end=end, tz=zone(config)
    )
    if as_json:
        print_json(
            [
                {
                    "unit": w.unit_id,
                    "site": w.site_home,
                    "column": w.column_name,
                    "url": w.column_url,
                    "category": w.category.value,
                    "last_update": w.trigger.anchor,
                    "due_date": w.trigger.due,
                    "trigger_date": w.trigger.day,
                    "repeat": w.trigger.repeat_index,
                    "points": w.points,
                }
                for w in found
            ]
        )
        return
    names = {u.id: u.name for u in config.units}
    print_table(
        f"栏目更新预警（{start} 至 {end}，共 {len(found)} 次）",
        ["单位", "栏目", "类别", "最近更新", "到期日", "预警日期", "扣分"],
        [
            (
                names.get(w.unit_id, w.unit_id),
                w.column_name,
                w.category.label,
                w.trigger.anchor,
                w.trigger.due,
                w.trigger.day,
                f"{w.points:g}",
            )
            for w in found
        ],
    )


COMMANDS = [status, links, warnings_command]
