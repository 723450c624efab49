"""Small builders shared by the scoring tests."""

from __future__ import annotations

from datetime import date

from freshwatch.config import load_rulebook
from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Category, Rulebook
from freshwatch.scoring.types import ColumnHistory

DEMO: Rulebook = load_rulebook("demo")
NATIONAL: Rulebook = load_rulebook("national")


def column(
    category: Category,
    *updates: date,
    unit: str = "u1",
    name: str | None = None,
    site: str = "http://127.0.0.1:8101/",
    verdict: str | None = "ok",
    blank_days: tuple[date, ...] = (),
) -> ColumnHistory:
    label = name or category.value
    return ColumnHistory(
        key=ColumnKey(unit, site, label, f"{site}{label}/", category),
        updates=tuple(updates),
        last_verdict=verdict,
        blank_days=blank_days,
    )
