"""Digests in simplified Chinese: a plain-text body (e-mail part and chat message) and an HTML body.

Everything that comes from a site (titles, URLs, error text) is escaped in the HTML: a government
page's column name is data, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from freshwatch.notify.digest.model import (
    Digest,
    LinkItem,
    OutageItem,
    ReminderItem,
    UnitSummary,
    WarningItem,
)
from freshwatch.reports.layout import chinese_date, quarter_label
from freshwatch.reports.wording import FINDING_KIND_LABELS, error_label, finding_text, kind_label

_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class RenderedDigest:
    subject: str
    text: str
    html: str


def render_digest(digest: Digest) -> RenderedDigest:
    sections = _office_sections(digest) if digest.is_office else _unit_sections(digest)
    title = _title(digest)
    period = f"统计区间：{chinese_date(digest.since)}至{chinese_date(digest.day)}"
    footer = "本消息由 freshwatch 网站监测系统自动发送，请勿直接回复。"
    text_parts = [title, period, ""]
    html_parts = [f"<h2>{escape(title)}</h2>", f"<p>{escape(period)}</p>"]
    if not sections:
        text_parts += ["本期没有新的问题。", ""]
        html_parts.append("<p>本期没有新的问题。</p>")
    for number, (heading, lines, html_body) in enumerate(sections):
        text_parts += [f"{_NUMERALS[number]}、{heading}", *lines, ""]
        html_parts += [f"<h3>{_NUMERALS[number]}、{escape(heading)}</h3>", html_body]
    text_parts.append(footer)
    html_parts.append(f"<p><small>{escape(footer)}</small></p>")
    html = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>\n" + "\n".join(html_parts) + "\n</body></html>\n"
    )
    return RenderedDigest(subject=f"【网站监测日报】{title}", text="\n".join(text_parts), html=html)


def _title(digest: Digest) -> str:
    if digest.is_office:
        return f"各单位网站监测汇总（{chinese_date(digest.day)}）"
    return f"{digest.unit_name}网站监测日报（{chinese_date(digest.day)}）"


Section = tuple[str, list[str], str]


def _unit_sections(digest: Digest) -> list[Section]:
    sections: list[Section] = []
    if digest.warnings:
        points = sum(w.points for w in digest.warnings)
        heading = f"新产生的栏目不更新预警（{len(digest.warnings)} 条，共扣 {points:.2f} 分）"
        sections.append((heading, *_listing([_warning(w) for w in digest.warnings])))
    if digest.reminders:
        heading = f"即将到期的栏目，请在截止日期前更新（{len(digest.reminders)} 个）"
        sections.append((heading, *_listing([_reminder(r) for r in digest.reminders])))
    if digest.broken_links:
        heading = f"新发现的失效链接（{len(digest.broken_links)} 个）"
        sections.append((heading, *_listing([_link(b) for b in digest.broken_links])))
    if digest.outages:
        heading = f"无法访问的站点（{len(digest.outages)} 个）"
        sections.append((heading, *_listing([_outage(o) for o in digest.outages])))
    for kind, label in FINDING_KIND_LABELS.items():
        found = [f for f in digest.findings if f.kind == kind]
        if found:
            heading = f"新发现的内容问题：{label}（{len(found)} 个）"
            sections.append((heading, *_listing([finding_text(f) for f in found])))
    return sections


def _listing(entries: list[tuple[str, list[str]]]) -> tuple[list[str], str]:
    """Numbered lines for the text part and a list for the HTML part; detail lines are indented."""
    lines: list[str] = []
    items: list[str] = []
    for index, (head, details) in enumerate(entries, start=1):
        lines.append(f"{index}. {head}")
        lines += [f"   {detail}" for detail in details]
        detail_html = "".join(f"<br>{escape(detail)}" for detail in details)
        items.append(f"<li>{escape(head)}{detail_html}</li>")
    return lines, "<ol>" + "".join(items) + "</ol>"


def _where(site: str, column: str, category: str) -> str:
    return f"{'【' + site + '】' if site else ''}{column}（{category}）"


def _warning(w: WarningItem) -> tuple[str, list[str]]:
    head = (
        f"{_where(w.site, w.column, w.category)}：最近更新 {w.latest.isoformat()}，"
        f"应于 {chinese_date(w.due)} 前更新，{chinese_date(w.triggered)} 起超期，扣 {w.points:g} 分"
    )
    return head, [w.url]


def _reminder(r: ReminderItem) -> tuple[str, list[str]]:
    left = "今天到期" if r.days_left == 0 else f"还剩 {r.days_left} 天"
    head = (
        f"{_where(r.site, r.column, r.category)}：最近更新 {r.latest.isoformat()}，"
        f"请于 {chinese_date(r.due)} 前更新（{left}）"
    )
    return head, [r.url]


def _link(b: LinkItem) -> tuple[str, list[str]]:
    reason = f"HTTP {b.status}" if b.status else error_label(b.error)
    head = f"{b.url}（{kind_label(b.kind)}，{reason}）"
    return head, [f"所在页面：{page}" for page in b.found_on]


def _outage(o: OutageItem) -> tuple[str, list[str]]:
    head = (
        f"{o.site}：监测 {o.probes} 次，失败 {o.failures} 次，"
        f"最近一次失败 {o.last_failure:%Y-%m-%d %H:%M}（{error_label(o.last_error)}）"
    )
    return head, [o.home]


def _office_sections(digest: Digest) -> list[Section]:
    quarter = digest.quarter
    heading = f"各单位本期情况及{quarter_label(quarter)}截至目前得分" if quarter else "各单位本期情况"
    lines = [_summary_line(row) for row in digest.summary]
    header = ("单位", "新预警", "临期提醒", "新失效链接", "无法访问站点", "季度扣分", "季度得分")
    cells = "".join(f"<th>{escape(h)}</th>" for h in header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(value)}</td>" for value in _summary_cells(row)) + "</tr>"
        for row in digest.summary
    )
    table = f'<table border="1" cellpadding="4" cellspacing="0"><tr>{cells}</tr>{rows}</table>'
    return [(heading, lines, table)]


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _summary_cells(row: UnitSummary) -> tuple[str, ...]:
    counts = (row.new_warnings, row.reminders, row.new_broken_links, row.outages)
    return (row.unit_name, *(str(n) for n in counts), _score(row.deducted), _score(row.score))


def _summary_line(row: UnitSummary) -> str:
    return (
        f"{row.unit_name}：新预警 {row.new_warnings} 条，临期提醒 {row.reminders} 个，"
        f"新失效链接 {row.new_broken_links} 个，无法访问站点 {row.outages} 个；"
        f"季度扣分 {_score(row.deducted)}，季度得分 {_score(row.score)}"
    )


__all__ = ["RenderedDigest", "render_digest"]
