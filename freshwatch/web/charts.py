"""Charts drawn on the server as SVG: no chart library, no script; every label escaped.

Colours are CSS classes (``bar-good`` ...), so the stylesheet decides them and the SVG stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 150
CHART_WIDTH = 720
TIMELINE_WIDTH = 720
TIMELINE_HEIGHT = 54


def score_bars(rows: Sequence[tuple[str, float, str, str]], *, most: float) -> Markup:
    """One horizontal bar per unit: (name, score, score text, state) -> an SVG, tallest first."""
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    parts = [
        f'<svg class="chart" role="img" aria-label="各单位季度得分" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="{CHART_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (name, score, text, state) in enumerate(rows):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        width = max(1.0, plot * max(0.0, score) / most) if most else 1.0
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" class="label">{escape(name)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" class="bar-{escape(state)}">'
            f"<title>{escape(name)} {escape(text)}</title></rect>"
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 13}" class="value">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(
    start: date,
    end: date,
    *,
    updates: Sequence[date],
    due: date | None,
    warnings: Sequence[tuple[date, date]],
) -> Markup:
    """A column's publish dates as ticks on [start, end], its current due line, and each warning
    (trigger day, the due day it passed) as a red mark with a dashed due line."""
    span = max(1, (end - start).days)
    left, right = 8, TIMELINE_WIDTH - 8

    def x(day: date) -> float:
        return left + (right - left) * (min(max(day, start), end) - start).days / span

    mid = TIMELINE_HEIGHT // 2
    parts = [
        f'<svg class="timeline" role="img" aria-label="更新时间线" viewBox="0 0 {TIMELINE_WIDTH} {TIMELINE_HEIGHT}" '
        f'width="{TIMELINE_WIDTH}" height="{TIMELINE_HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{mid}" x2="{right}" y2="{mid}" class="axis"/>',
        f'<text x="{left}" y="{TIMELINE_HEIGHT - 2}" class="tick-label">{start}</text>',
        f'<text x="{right}" y="{TIMELINE_HEIGHT - 2}" text-anchor="end" class="tick-label">{end}</text>',
    ]
    for day in updates:
        if start <= day <= end:
            parts.append(
                f'<circle cx="{x(day):.1f}" cy="{mid}" r="4" class="update"><title>发布 {day}</title></circle>'
            )
    for trigger, passed in warnings:
        parts.append(
            f'<line x1="{x(passed):.1f}" y1="6" x2="{x(passed):.1f}" y2="{TIMELINE_HEIGHT - 12}" class="due-missed"/>'
            f'<path d="M{x(trigger):.1f} 6 l5 9 h-10 z" class="warning"><title>{trigger} 预警（应在 {passed} 前更新）</title></path>'
        )
    if due is not None and start <= due <= end:  # a due day still ahead is in the table, not drawn
        parts.append(
            f'<line x1="{x(due):.1f}" y1="4" x2="{x(due):.1f}" y2="{TIMELINE_HEIGHT - 12}" class="due">'
            f"<title>到期日 {due}</title></line>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def availability_strip(days: Sequence[tuple[date, float]], *, failure: float, prewarn: float) -> Markup:
    """Daily availability as a strip of small bars (height = share of probes answered in time),
    coloured by the rulebook's failure and pre-warning ratios."""
    width = max(1, len(days)) * 10
    parts = [
        f'<svg class="strip" role="img" aria-label="每日可用率" viewBox="0 0 {width} 30" width="{width}" height="30" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (day, share) in enumerate(days):
        height = max(1.0, 28 * share)
        failed = 1 - share
        state = "bad" if failed >= failure else "warn" if failed >= prewarn else "good"
        parts.append(
            f'<rect x="{index * 10}" y="{30 - height:.1f}" width="8" height="{height:.1f}" class="bar-{state}">'
            f"<title>{day} {share:.1%}</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
