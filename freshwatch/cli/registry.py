"""``import-units``, ``discover`` and ``check-config``: from a sheet of home pages to a checked config."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from freshwatch.app.clock import local_today
from freshwatch.app.config_check import ColumnReport, Finding, check_config
from freshwatch.app.config_writer import NewColumn, flow_column, merge_columns, new_yaml
from freshwatch.app.context import App
from freshwatch.app.discovery import DiscoveredColumn, Discovery, discover_site_sync
from freshwatch.app.errors import HomePageUnreadable, InputError
from freshwatch.app.unit_sheet import read_unit_sheet, units_document
from freshwatch.cli.output import print_json, print_table, say
from freshwatch.cli.params import parse_day, pass_app
from freshwatch.config.column_words import load_column_words
from freshwatch.config.loader import load_config
from freshwatch.config.models import CrawlSettings
from freshwatch.reports.wording import (
    FINDING_ADVICE,
    PLACE_LABELS,
    error_label,
    error_message,
    verdict_label,
    yes_no,
)


def _today(app: App, text: str | None) -> date:
    return parse_day(text, "--today") or local_today(app.config() if app.has_config_file() else None)


def _settings(app: App) -> CrawlSettings:
    return app.config().crawl if app.has_config_file() else CrawlSettings()


# --- discover ----------------------------------------------------------------------------------------


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option(
    "--unit", "unit_id", metavar="ID", help="写入时所属的单位标识（不存在则新建）；不填则按首页地址查找站点"
)
@click.option(
    "--write",
    "write_file",
    metavar="FILE",
    help="把是列表页的栏目合并写入该配置文件（保留注释和顺序，已登记的地址不改动）；不给 URL 时读取该文件中每个站点的首页",
)
@click.option("--json", "as_json", is_flag=True, help="每个候选栏目输出一个 JSON 对象")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="以该日期为今天（晚于它的日期视为笔误）")
@pass_app
def discover(
    app: App,
    urls: tuple[str, ...],
    unit_id: str | None,
    write_file: str | None,
    as_json: bool,
    today_text: str | None,
) -> None:
    """读取站点首页（及其信息公开目录页），列出可登记的栏目：名称、列表页地址、类别和把握程度。"""
    homes = list(urls) or _homes_in(write_file)
    for url in homes:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"{url} 不是 http(s) 网址；请给出站点首页的完整地址")
    if unit_id is not None and len(homes) != 1:
        raise InputError("--unit 只能与一个首页地址一起使用")
    today = _today(app, today_text)
    words = load_column_words()
    settings = _settings(app)
    out: list[dict[str, object]] = []
    failed = 0
    for url in homes:
        try:
            found = discover_site_sync(url, settings=settings, today=today, words=words)
        except HomePageUnreadable as error:
            if len(homes) == 1:
                raise
            say(f"错误：{error_message(error)}")  # one dead site does not stop a district's batch
            failed += 1
            continue
        if as_json:
            out += [{"home": url, **_column_json(c)} for c in found.columns]
        else:
            _print_discovery(found)
        if write_file is not None:
            _write(write_file, url, found, unit_id)
    if as_json:
        print_json(out)
    if failed:
        raise click.exceptions.Exit(1)


def _homes_in(write_file: str | None) -> list[str]:
    if write_file is None:
        raise InputError("请给出站点首页地址，或用 --write FILE 读取该文件中登记的每个站点")
    config = load_config(write_file)
    homes = [site.home for unit in config.units for site in unit.sites]
    if not homes:
        raise InputError(f"{write_file} 中还没有任何站点；先用 import-units 导入，或给出首页地址和 --unit")
    return homes


def _write(write_file: str, url: str, found: Discovery, unit_id: str | None) -> None:
    result = merge_columns(
        write_file,
        home=url,
        columns=[NewColumn(c.name, c.url, c.category.value) for c in found.lists],
        unit_id=unit_id,
        site_name=found.title or None,
    )
    site = "新站点 " if result.new_site else "站点 "
    say(
        f"已写入 {result.file}：单位 {result.unit_id}，{site}{result.site_home}，新增 {len(result.added)} 个栏目"
        + (f"；{len(result.kept)} 个已登记，未改动" if result.kept else "")
    )


def _column_json(column: DiscoveredColumn) -> dict[str, object]:
    check = column.check
    return {
        "name": column.name,
        "url": column.url,
        "category": column.category.value,
        "category_label": column.category.label,
        "confidence": column.confidence,
        "keyword": column.proposal.word,
        "is_list": column.is_list,
        "verdict": check.verdict.value if check.verdict else None,
        "dates": list(check.dates),
        "latest_date": check.latest,
        "items": check.items,
        "final_url": check.final_url,
        "status": check.status,
        "error": check.error.value if check.error else None,
        "found_on": column.proposal.found_on,
        "place": column.proposal.place,
    }


def _print_discovery(found: Discovery) -> None:
    lists = found.lists
    title = f"{found.home}（{found.title}）：候选栏目 {len(found.columns)} 个，其中列表页 {len(lists)} 个"
    if found.directories:
        title += "；已读取信息公开目录页 " + "、".join(found.directories)
    rows = []
    for c in found.columns:
        check = c.check
        state = verdict_label(check.verdict.value if check.verdict else None)
        if check.error is not None:
            state += f"（{error_label(check.error.value, check.status)}）"
        dates = "、".join(d.isoformat() for d in check.dates[:3]) or "—"
        rows.append(
            (
                c.name,
                c.url,
                f"{c.category.label}（{c.category.value}）",
                f"{c.confidence:.2f}",
                state,
                dates,
                PLACE_LABELS.get(c.proposal.place, c.proposal.place),
            )
        )
    print_table(title, ("栏目", "列表页地址", "类别", "把握", "是否列表页", "最近日期", "发现位置"), rows)
    click.echo("# 可粘贴到配置文件中该站点的 columns: 下（只含列表页）")
    click.echo(_columns_yaml([NewColumn(c.name, c.url, c.category.value) for c in lists]), nl=False)


def _columns_yaml(columns: list[NewColumn]) -> str:
    document = CommentedMap([("columns", CommentedSeq(flow_column(c) for c in columns))])
    buffer = io.StringIO()
    new_yaml().dump(document, buffer)
    return buffer.getvalue()


# --- import-units ------------------------------------------------------------------------------------


@click.command("import-units")
@click.argument("sheet", metavar="登记表文件", type=click.Path(dir_okay=False))
@click.option(
    "--out", "out", default="units.yaml", show_default=True, metavar="FILE", help="写出的单位名录 YAML 文件"
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件")
def import_units(sheet: str, out: str, force: bool) -> None:
    """从单位网站登记表（.xlsx 或 .csv）生成单位名录 YAML：单位 → 站点 → 栏目。"""
    units = read_unit_sheet(sheet, load_column_words())
    target = Path(out)
    if target.exists() and not force:
        raise InputError(f"{target} 已存在；加 --force 覆盖，或用 --out 指定其他文件")
    document = units_document(units)
    for unit in document["units"]:
        for site in unit["sites"]:
            site["columns"] = CommentedSeq(
                flow_column(NewColumn(c["name"], c["url"], c["category"])) for c in site["columns"]
            )
    buffer = io.StringIO()
    buffer.write(f"# 由 freshwatch import-units 从 {Path(sheet).name} 生成；单位 id 取自网站标识码。\n")
    buffer.write("# 下一步：freshwatch discover 首页地址 --write 本文件，补充各站点的栏目。\n")
    new_yaml().dump(document, buffer)
    target.write_text(buffer.getvalue(), encoding="utf-8")
    sites = sum(len(u.sites) for u in units)
    columns = sum(len(s.columns) for u in units for s in u.sites)
    guessed = sum(1 for u in units for s in u.sites for c in s.columns if c.guessed)
    line = f"已写入 {target}：{len(units)} 个单位，{sites} 个站点，{columns} 个栏目"
    if guessed:
        line += f"（其中 {guessed} 个栏目的类别按名称推断，请核对）"
    say(line)


# --- check-config ------------------------------------------------------------------------------------


@click.command("check-config")
@click.option("--unit", "unit_ids", multiple=True, metavar="ID", help="只检查这些单位（可重复）")
@click.option("--json", "as_json", is_flag=True, help="每个栏目输出一个 JSON 对象")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="以该日期为今天（晚于它的日期视为笔误）")
@pass_app
def check_config_command(app: App, unit_ids: tuple[str, ...], as_json: bool, today_text: str | None) -> None:
    """逐个访问已登记的栏目：能否访问、是否列表页、有无日期、类别是否合理、是否重复、是否跳转。有问题时退出码为 1。"""
    config = app.config()
    known = {u.id for u in config.units}
    unknown = [u for u in unit_ids if u not in known]
    if unknown:
        raise InputError(f"未知的单位 id：{', '.join(unknown)}；可选：{', '.join(sorted(known))}")
    today = parse_day(today_text, "--today") or local_today(config)
    reports = asyncio.run(check_config(config, today=today, words=load_column_words()))
    if unit_ids:
        reports = tuple(r for r in reports if r.unit.id in unit_ids)
    if as_json:
        print_json([_report_json(r) for r in reports])
    else:
        _print_reports(reports)
    if any(not r.ok for r in reports):
        raise click.exceptions.Exit(1)


def _advice(report: ColumnReport) -> list[str]:
    check = report.check
    fields = {
        "error": error_label(check.error.value if check.error else None, check.status)
        + f" {check.detail}".rstrip(),
        "reason": check.reason or "页面上找不到像列表的内容",
        "guess": report.guess.category.label,
        "guess_value": report.guess.category.value,
        "registered": report.column.category.label,
        "registered_value": report.column.category.value,
        "others": "、".join(report.duplicates),
        "final": check.final_url,
    }
    return [FINDING_ADVICE[f.value].format(**fields) for f in report.findings]


def _print_reports(reports: tuple[ColumnReport, ...]) -> None:
    rows = []
    for r in reports:
        check = r.check
        plausible = Finding.category not in r.findings
        rows.append(
            (
                r.unit.id,
                r.column.name,
                r.column.url,
                yes_no(check.reachable),
                yes_no(check.is_list),
                check.latest.isoformat() if check.latest else "—",
                f"{r.column.category.label}" + ("" if plausible else f" → {r.guess.category.label}?"),
                "、".join(r.duplicates) or "—",
                check.final_url if check.redirected else "—",
                "；".join(_advice(r)) or "正常",
            )
        )
    bad = sum(1 for r in reports if not r.ok)
    title = (
        f"检查 {len(reports)} 个栏目：{bad} 个需要修改" if bad else f"检查 {len(reports)} 个栏目：全部正常"
    )
    headers = ("单位", "栏目", "地址", "可访问", "列表页", "最新日期", "类别", "重复", "跳转到", "需要修改")
    print_table(title, headers, rows)


def _report_json(report: ColumnReport) -> dict[str, object]:
    check = report.check
    return {
        "unit": report.unit.id,
        "column": report.column.name,
        "url": report.column.url,
        "category": report.column.category.value,
        "reachable": check.reachable,
        "is_list": check.is_list,
        "dated": check.dated,
        "latest_date": check.latest,
        "verdict": check.verdict.value if check.verdict else None,
        "guessed_category": report.guess.category.value,
        "category_plausible": Finding.category not in report.findings,
        "duplicates": list(report.duplicates),
        "redirected": check.redirected,
        "final_url": check.final_url,
        "findings": [f.value for f in report.findings],
        "advice": _advice(report),
        "ok": report.ok,
    }


COMMANDS = [import_units, discover, check_config_command]
