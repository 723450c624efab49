"""``findings``: the open content findings (personal data, wording, interpretations, consultations)."""

from __future__ import annotations

import click

from freshwatch.app.context import App
from freshwatch.app.findings_view import finding_object, open_content_findings
from freshwatch.app.read_models import selected_units
from freshwatch.cli.output import print_json, print_table
from freshwatch.reports.wording import FINDING_KIND_LABELS, FINDING_SUBTYPE_LABELS, days_late_text

pass_app = click.make_pass_decorator(App)

KINDS = ["privacy", "typo", "interpretation", "consultation"]


def _what(
    record_kind: str, subtype: str, masked: str | None, suggestion: str | None, days: int | None
) -> str:
    label = FINDING_SUBTYPE_LABELS.get(subtype, subtype)
    if record_kind == "privacy":
        return f"{label} {masked or ''}"
    if record_kind == "typo":
        return f"{label}，建议：{suggestion or ''}"
    return label + days_late_text(record_kind, days)


@click.command(name="findings")
@click.option("--unit", "units", multiple=True, metavar="ID", help="只看这些单位（可重复）")
@click.option("--kind", type=click.Choice(KINDS), help="只看一类问题")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：每个问题一个对象")
@pass_app
def findings_command(app: App, units: tuple[str, ...], kind: str | None, as_json: bool) -> None:
    """内容检查发现的问题：个人信息泄露、错别字与表述错误、政策解读和征求意见反馈。"""
    config = app.config()
    found = open_content_findings(app.store(), [u.id for u in selected_units(config, units)], kind)
    if as_json:
        print_json([finding_object(f) for f in found])
        return
    names = {u.id: u.name for u in config.units}
    print_table(
        f"内容问题（{len(found)} 个）",
        ["单位", "类别", "级别", "问题", "上下文", "页面", "首次发现"],
        [
            (
                names.get(f.unit_id, f.unit_id),
                FINDING_KIND_LABELS.get(f.kind, f.kind),
                f.level,
                _what(f.kind, f.subtype, f.masked, f.suggestion, f.days_late),
                f.context,
                f.url,
                f.first_seen.date().isoformat(),
            )
            for f in found
        ],
    )


COMMANDS = [findings_command]
