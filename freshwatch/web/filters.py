"""Template filters: the labels of reports/wording.py, dates and numbers as the office reads them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import Any

from freshwatch.reports.wording import error_label, kind_label, run_label, state_label


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def day_filter(tz: tzinfo) -> Callable[[date | datetime | None], str]:
    """Dates as they are; stored instants (UTC) on the office's clock."""

    def shown(value: date | datetime | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, datetime):
            return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        return value.isoformat()

    return shown


def _trend(value: float | None) -> str:
    if value is None:
        return "—"
    return f"+{value:g}" if value > 0 else f"{value:g}" if value < 0 else "持平"


FILTERS: dict[str, Any] = {
    "state_label": state_label,
    "run_label": run_label,
    "kind_label": kind_label,
    "error_label": error_label,
    "percent": _percent,
    "trend": _trend,
}
