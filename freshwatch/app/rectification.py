"""The rectification loop (整改): a unit's claim is checked by the next crawl; disputes are decided.

``verify_claims`` runs after a crawl over the units it crawled: a claimed broken link is fixed when
its latest check since the claim passed (or it was not linked any more); a claimed overdue column
is fixed when it is no longer overdue (or blank) as of the crawl's day.  Otherwise the claim is
reopened, and the digest says so.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from freshwatch import storage
from freshwatch.app.clock import local_day, utc_now, zone
from freshwatch.app.context import App
from freshwatch.app.errors import InputError
from freshwatch.app.read_models import column_statuses
from freshwatch.config.models import Config, Rulebook
from freshwatch.scoring.types import ColumnState, Quarter
from freshwatch.storage import RectificationRecord, Store

log = logging.getLogger("freshwatch.app.rectification")

COLUMN, LINK = "column", "link"
NOT_FIXED_STATES = {ColumnState.overdue, ColumnState.blank, ColumnState.unreachable}
STATUS_LABELS = {"claimed": "待核验", "fixed": "已整改（核验通过）", "reopened": "未整改（已重新打开）"}
DISPUTE_LABELS = {"open": "待处理", "accepted": "已采纳（扣分已撤销）", "rejected": "已驳回"}


def verify_claims(
    store: Store, config: Config, rulebook: Rulebook, *, unit_ids: Sequence[str], today: date, at: datetime
) -> list[RectificationRecord]:
    """Settle every waiting claim of ``unit_ids``; returns the claims it settled, as settled."""
    with store.session() as session:
        waiting = storage.rectifications(session, unit_ids=unit_ids, statuses=["claimed"])
    if not waiting:
        return []
    units = [u for u in config.units if u.id in {c.unit_id for c in waiting}]
    tz = zone(config)
    statuses = {
        (ref.unit.id, ref.url): status
        for ref, status in column_statuses(store, units, rulebook, as_of=today, tz=tz)
    }
    with store.session() as session:
        still_broken = {
            (b.unit_id, b.url)
            for b in storage.broken_links(session, unit_ids=[u.id for u in units], current_only=True, tz=tz)
        }
    verdicts: list[tuple[RectificationRecord, date | None, str]] = []
    for claim in waiting:
        if claim.kind == LINK:
            fixed = (claim.unit_id, claim.target) not in still_broken
            note = "" if fixed else "下次抓取时该链接仍然无法访问"
        else:
            status = statuses.get((claim.unit_id, claim.target))
            fixed = status is not None and status.state not in NOT_FIXED_STATES
            note = "" if fixed else "下次抓取时该栏目仍未更新"
        verdicts.append((claim, today if fixed else None, note))
    with store.session() as session:
        for claim, fixed_on, note in verdicts:
            storage.settle_claim(session, claim.rectification_id, fixed_on=fixed_on, note=note, at=at)
        settled = storage.rectifications(session, unit_ids=unit_ids)
    ids = {claim.rectification_id for claim, _, _ in verdicts}
    log.info("rectification claims verified", extra={"claims": len(ids)})
    return [r for r in settled if r.rectification_id in ids]


def decide_dispute(app: App, dispute_id: int, *, accepted: bool, reason: str, by: str) -> None:
    """The office's decision; an accepted dispute withdraws its deduction (kept, with the reason)."""
    from freshwatch.app.quarters import bookable_quarter

    store = app.store()
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("请写明采纳或驳回的理由")
    at = utc_now()
    with store.session() as session:
        found = storage.dispute(session, dispute_id)
        entry = storage.manual_entry(session, found.entry_id) if found else None
    if found is not None and entry is not None and accepted:
        bookable_quarter(app, entry.day, f"扣分 #{entry.entry_id} 的日期", allow_future=True)
    with store.session() as session:
        decided = storage.decide_dispute(session, dispute_id, accepted=accepted, reason=reason, by=by, at=at)
        if accepted:
            storage.withdraw_manual(session, decided.entry_id, reason=f"申诉采纳：{reason}", at=at)
        storage.record_audit(
            session,
            actor=by,
            action="dispute.accept" if accepted else "dispute.reject",
            target=f"申诉 #{dispute_id}（扣分 #{decided.entry_id}，{decided.unit_id}）",
            before=json.dumps({"status": "open", "reason": decided.reason}, ensure_ascii=False),
            after=json.dumps({"status": decided.status, "decision": reason}, ensure_ascii=False),
            at=at,
        )


def claim_day(claim: RectificationRecord, config: Config) -> date:
    return local_day(claim.claimed_at, zone(config))


def unit_followups(
    store: Store, unit_ids: Sequence[str], quarter: Quarter, *, frozen_at: datetime | None, tz: tzinfo
) -> tuple[list[RectificationRecord], list[storage.DisputeRecord]]:
    """A quarter's 整改情况: claims filed from its first day until its table was frozen (or now,
    while it is open: a claim after the quarter's end still answers its findings), and the disputes
    of its manual deductions."""
    from freshwatch.storage.db import day_start

    opens = day_start(quarter.start, tz)
    with store.session() as session:
        claims = [
            c
            for c in storage.rectifications(session, unit_ids=unit_ids)
            if c.claimed_at >= opens and (frozen_at is None or c.claimed_at <= frozen_at)
        ]
        entries = storage.manual_entries(
            session, unit_ids=unit_ids, start=quarter.start, end=quarter.end, include_withdrawn=True
        )
        appeals = storage.disputes(session, entry_ids=[e.entry_id for e in entries]) if entries else []
    return claims, appeals


def followup_lines(
    claims: Sequence[RectificationRecord], appeals: Sequence[storage.DisputeRecord]
) -> list[str]:
    """整改情况 as ``score --explain`` and the notice print it, one claim or appeal a line."""
    lines: list[str] = []
    for claim in claims:
        what = f"栏目“{claim.label}”" if claim.kind == COLUMN else f"失效链接 {claim.target}"
        result = STATUS_LABELS.get(claim.status, claim.status)
        fixed = f"，{claim.fixed_on} 核验已修复" if claim.fixed_on else ""
        why = f"，{claim.check_note}" if claim.check_note else ""
        lines.append(f"- [整改] {what}：{claim.claimed_by} 标记已整改（{claim.note}）；{result}{fixed}{why}")
    for appeal in appeals:
        result = DISPUTE_LABELS.get(appeal.status, appeal.status)
        decided = f"，理由：{appeal.decision_reason}" if appeal.decision_reason else ""
        lines.append(f"- [申诉] 扣分 #{appeal.entry_id}：{appeal.reason}；{result}{decided}")
    return lines


def followup_documents(
    claims: Sequence[RectificationRecord], appeals: Sequence[storage.DisputeRecord]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The same for the JSON export (field names are a contract: extend, never rename)."""
    return (
        [
            {
                "id": c.rectification_id,
                "kind": c.kind,
                "target": c.target,
                "label": c.label,
                "note": c.note,
                "claimed_by": c.claimed_by,
                "claimed_at": c.claimed_at.isoformat(),
                "status": c.status,
                "checked_at": c.checked_at.isoformat() if c.checked_at else None,
                "fixed_on": c.fixed_on.isoformat() if c.fixed_on else None,
                "check_note": c.check_note,
            }
            for c in claims
        ],
        [
            {
                "id": d.dispute_id,
                "entry_id": d.entry_id,
                "reason": d.reason,
                "filed_by": d.filed_by,
                "filed_at": d.filed_at.isoformat(),
                "status": d.status,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at.isoformat() if d.decided_at else None,
                "decision_reason": d.decision_reason,
            }
            for d in appeals
        ],
    )
