"""What a crawl left in the store, reduced to what must not depend on how it was crawled.

Ids, timestamps and request counts differ between a crawl in one process and one spread over
processes or machines (a shared fetch cache saves requests); everything a user reads must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from freshwatch.app.clock import zone
from freshwatch.app.read_models import column_statuses, current_broken_links, table_for_quarter
from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Config
from freshwatch.scoring.types import Quarter
from freshwatch.storage import Store
from freshwatch.storage.models import Item, LinkCheckRow, Observation, ReferrerRow, SiteErrorRow, SnapshotRow


@dataclass(frozen=True)
class Stored:
    observations: list[tuple[object, ...]]
    items: list[tuple[object, ...]]
    links: list[tuple[object, ...]]
    referrers: list[tuple[object, ...]]
    site_errors: list[tuple[object, ...]]
    status: list[tuple[object, ...]]
    broken: list[tuple[object, ...]]
    table: list[tuple[object, ...]]
    snapshots: list[tuple[object, ...]]  # overdue columns' pages kept when their warning fired


def stored(store: Store, config: Config, today: date) -> Stored:
    rulebook = load_rulebook(None)
    with store.session() as session:
        observations = sorted(
            (
                o.unit_id,
                o.site_home,
                o.column_url,
                o.category,
                o.verdict,
                o.error,
                o.http_status,
                o.latest,
                o.item_count,
                o.pages_read,
                o.reason,
                o.detail,
            )
            for o in session.scalars(select(Observation))
        )
        items = sorted(
            (i.unit_id, i.column_url, i.url, i.title, i.published, i.date_source, i.date_text)
            for i in session.scalars(select(Item))
        )
        links = sorted(
            (c.unit_id, c.url, c.kind, c.status, c.error, c.detail)
            for c in session.scalars(select(LinkCheckRow))
        )
        referrers = sorted(
            (c.unit_id, c.url, r.page, r.text, r.tag)
            for r, c in session.execute(
                select(ReferrerRow, LinkCheckRow).join(LinkCheckRow, ReferrerRow.check_id == LinkCheckRow.id)
            )
        )
        site_errors = sorted(
            (e.unit_id, e.site_home, e.complete, e.message) for e in session.scalars(select(SiteErrorRow))
        )
        snapshots = sorted((s.unit_id, s.column_url, s.reason) for s in session.scalars(select(SnapshotRow)))
    tz = zone(config)
    status = [
        (ref.unit.id, ref.url, s.state.value, s.latest, s.due)
        for ref, s in column_statuses(store, config.units, rulebook, as_of=today, tz=tz)
    ]
    broken = [
        (b.unit_id, b.url, b.kind, b.error, b.status, b.found_on)
        for b in current_broken_links(store, config.units, tz=zone(config))
    ]
    table = [
        (row.unit_id, row.cells, row.total, row.score)
        for row in table_for_quarter(store, config, rulebook, Quarter.of(today)).rows
    ]
    return Stored(observations, items, links, referrers, site_errors, status, broken, table, snapshots)
