"""Link checks and the broken links read back from them.

Every check is kept (one row per link per run); where a link was found is kept only for checks that
failed, because that is the only time anyone asks: a healthy link's referrers would be most of the
database and answer no question.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, select
from sqlalchemy.orm import Session

from freshwatch.crawler.types import LinkCheck
from freshwatch.kinds import ErrorClass, LinkKind
from freshwatch.scoring.types import BrokenLink
from freshwatch.storage.db import chunks, day_bounds, local_day
from freshwatch.storage.models import LinkCheckRow, ReferrerRow, table_of


def record_links(
    session: Session, run_id: int, unit_id: str, links: Iterable[LinkCheck], *, checked_at: datetime
) -> None:
    links = list(links)
    if not links:
        return
    checks = table_of(LinkCheckRow)
    rows = [
        {
            "run_id": run_id,
            "unit_id": unit_id,
            "url": link.url,
            "kind": link.kind.value,
            "status": link.status,
            "error": link.error.value if link.error else None,
            "detail": link.detail,
            "checked_at": checked_at,
        }
        for link in links
    ]
    session.execute(insert(checks), rows)
    failing = {link.url: link for link in links if link.error is not None and link.found_on}
    if not failing:
        return
    # Ids by (run, url) in one SELECT: a RETURNING insert in parameter order is row-at-a-time on SQLite.
    ids: dict[str, int] = {}
    for urls in chunks(list(failing)):
        query = select(checks.c.id, checks.c.url).where(
            checks.c.run_id == run_id, checks.c.unit_id == unit_id, checks.c.url.in_(urls)
        )
        ids.update({row.url: row.id for row in session.execute(query)})
    referrers = [
        {"check_id": ids[url], "page": ref.page, "text": ref.text, "tag": ref.tag}
        for url, link in failing.items()
        for ref in link.found_on
    ]
    session.execute(insert(table_of(ReferrerRow)), referrers)


def _failing(include_blocked: bool) -> ColumnElement[bool]:
    if include_blocked:
        return LinkCheckRow.error.is_not(None)
    return and_(LinkCheckRow.error.is_not(None), LinkCheckRow.error != ErrorClass.blocked.value)


@dataclass
class _Finding:
    unit_id: str
    url: str
    kind: str = ""
    error: str = ""
    status: int | None = None
    pages: dict[str, None] = field(default_factory=dict)  # ordered set
    first: date | None = None
    last: date | None = None

    def frozen(self) -> BrokenLink:
        assert self.first is not None and self.last is not None
        return BrokenLink(
            unit_id=self.unit_id,
            url=self.url,
            kind=LinkKind(self.kind),
            error=ErrorClass(self.error),
            status=self.status,
            found_on=tuple(self.pages),
            first_seen=self.first,
            last_seen=self.last,
        )


def broken_links(
    session: Session,
    *,
    unit_ids: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    include_blocked: bool = False,
    current_only: bool = False,
    tz: tzinfo = UTC,
) -> list[BrokenLink]:
    """One row per distinct (unit, url) that failed a check between ``start`` and ``end`` (days in ``tz``).

    kind/status/error come from the latest failing check in range, ``found_on`` unites the pages
    of all of them.  ``current_only`` keeps URLs whose latest check up to ``end`` (any run, also
    before ``start``) still fails.  Blocked links (401/403/429, WAF) are suspected, not broken, and
    only come back with ``include_blocked``.
    """
    low, high = day_bounds(start, end, tz)
    query = (
        select(
            LinkCheckRow.unit_id,
            LinkCheckRow.url,
            LinkCheckRow.kind,
            LinkCheckRow.status,
            LinkCheckRow.error,
            LinkCheckRow.checked_at,
            ReferrerRow.page,
        )
        .outerjoin(ReferrerRow, ReferrerRow.check_id == LinkCheckRow.id)
        .where(_failing(include_blocked))
        .order_by(LinkCheckRow.checked_at, LinkCheckRow.id, ReferrerRow.id)
    )
    query = _within(query, unit_ids, low, high)
    findings: dict[tuple[str, str], _Finding] = {}
    for unit_id, url, kind, status, error, checked_at, page in session.execute(query):
        finding = findings.setdefault((unit_id, url), _Finding(unit_id, url))
        day = local_day(checked_at, tz)
        finding.first = finding.first or day
        finding.last = day
        finding.kind, finding.status, finding.error = kind, status, error
        if page is not None:
            finding.pages[page] = None
    if current_only and findings:
        still = _still_failing(session, findings, high, include_blocked)
        findings = {key: value for key, value in findings.items() if key in still}
    return [finding.frozen() for _, finding in sorted(findings.items())]


def _within(query: Any, unit_ids: Collection[str] | None, low: datetime | None, high: datetime | None) -> Any:
    if unit_ids is not None:
        query = query.where(LinkCheckRow.unit_id.in_(list(unit_ids)))
    if low is not None:
        query = query.where(LinkCheckRow.checked_at >= low)
    if high is not None:
        query = query.where(LinkCheckRow.checked_at < high)
    return query


def _still_failing(
    session: Session, findings: dict[tuple[str, str], _Finding], high: datetime | None, include_blocked: bool
) -> set[tuple[str, str]]:
    """The candidates whose latest check up to ``high`` fails: a window over their checks only."""
    units = sorted({unit for unit, _ in findings})
    urls = sorted({url for _, url in findings})
    still: set[tuple[str, str]] = set()
    for some_urls in chunks(urls):
        rank = func.row_number().over(
            partition_by=(LinkCheckRow.unit_id, LinkCheckRow.url),
            order_by=(LinkCheckRow.checked_at.desc(), LinkCheckRow.id.desc()),
        )
        ranked = select(LinkCheckRow.unit_id, LinkCheckRow.url, LinkCheckRow.error, rank.label("rank")).where(
            LinkCheckRow.url.in_(some_urls)
        )
        ranked = _within(ranked, units, None, high).subquery()
        latest = select(ranked.c.unit_id, ranked.c.url, ranked.c.error).where(ranked.c.rank == 1)
        for unit_id, url, error in session.execute(latest):
            if error is not None and (include_blocked or error != ErrorClass.blocked.value):
                still.add((unit_id, url))
    return still & set(findings)
