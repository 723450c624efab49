"""Open content findings as the CLI, the JSON export, the digest and the notice read them.

One shape for every output (``finding_object``), so the masking is decided once: nothing here can
reach a full personal number, because storage never had one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from freshwatch import storage
from freshwatch.storage import FindingRecord, Store

__all__ = ["finding_object", "open_content_findings"]


def open_content_findings(
    store: Store, unit_ids: Sequence[str] | None = None, kind: str | None = None
) -> list[FindingRecord]:
    with store.session() as session:
        found = storage.open_findings(session, kind=kind)
    wanted = set(unit_ids) if unit_ids else None
    return [f for f in found if wanted is None or f.unit_id in wanted]


def finding_object(record: FindingRecord) -> dict[str, Any]:
    """The ``findings --json`` object: the issue's fields, then the evidence behind them."""
    return {
        "unit": record.unit_id,
        "kind": record.kind,
        "subtype": record.subtype,
        "level": record.level,
        "url": record.url,
        "context": record.context,
        "masked": record.masked,
        "suggestion": record.suggestion,
        "days_late": record.days_late,
        "detail": record.detail if record.kind != "privacy" else "",
        "due": record.due,
        "first_seen": record.first_seen,
        "last_seen": record.last_seen,
        "site": record.site_home,
    }
