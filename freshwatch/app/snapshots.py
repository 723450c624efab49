"""Snapshots of overdue columns: the list page as it stood when the warning fired.

Taken as a site is written: a column read in this crawl that is overdue on the crawl day, and has
no snapshot since its overdue spell began, keeps its first list page, sanitised and compressed.
Only overdue columns, once per spell: a daily crawl of a long-stale column stores one page, not
one a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy.orm import Session

from freshwatch import storage
from freshwatch.config.models import Rulebook
from freshwatch.crawler.types import SiteCrawl
from freshwatch.detectors.sanitise import sanitise_html
from freshwatch.scoring.freshness import column_status
from freshwatch.scoring.types import ColumnState

OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class SnapshotPolicy:
    """What decides a column is overdue: the rulebook in force, the office's zone, the crawl day."""

    rulebook: Rulebook
    tz: tzinfo
    today: date


def keep_overdue_snapshots(session: Session, site: SiteCrawl, policy: SnapshotPolicy, at: datetime) -> int:
    """Store a snapshot of each overdue column of ``site`` lacking one this spell; how many were stored.

    Reads the histories in the caller's transaction, so the observations just written count.
    """
    pages = {obs.column_url: obs.fetch.text for obs in site.columns if obs.reachable and obs.fetch.text}
    if not pages:
        return 0
    kept = 0
    histories = storage.column_histories(session, unit_ids=[site.unit_id], as_of=policy.today, tz=policy.tz)
    for history in histories:
        text = pages.get(history.column_url)
        if text is None or history.last_verdict is None:
            continue
        status = column_status(history, policy.rulebook, as_of=policy.today)
        if status.state is not ColumnState.overdue or status.due is None:
            continue
        spell_began = datetime.combine(status.due + timedelta(days=1), time.min, tzinfo=policy.tz)
        if storage.has_snapshot_since(session, site.unit_id, history.column_url, spell_began):
            continue
        storage.save_snapshot(
            session,
            unit_id=site.unit_id,
            column_url=history.column_url,
            html=sanitise_html(text),
            reason=OVERDUE,
            at=at,
        )
        kept += 1
    return kept
