"""Send each day's digests to each contact, exactly once per (day, unit, channel, recipient).

Every send is claimed in the database under its key before anything goes out, and marked sent
or failed afterwards.  A claim that is already ``sent`` (or ``pending``: another process is on
it, or died mid-send and may have delivered) is skipped, so a restart or a second run the same
day never sends twice; one that ``failed`` is claimed again and retried by the next run.  Failed
sends of earlier days are retried too, within ``digest.retry_days``, by composing that day's
digest again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from freshwatch import storage
from freshwatch.app.clock import utc_now
from freshwatch.config.models import Config, Contact, Rulebook
from freshwatch.notify.channels import SendResult, send_chat, send_email
from freshwatch.notify.channels.chat import masked_url
from freshwatch.notify.digest.compose import compose_digests
from freshwatch.notify.digest.gather import DigestInputs, gather_inputs, job_detail
from freshwatch.notify.digest.model import Digest
from freshwatch.notify.digest.render import RenderedDigest, render_digest
from freshwatch.reports.layout import chinese_date
from freshwatch.storage import Store

log = logging.getLogger("freshwatch.notify.digest")

KEY_PREFIX = "digest"


@dataclass(frozen=True, slots=True)
class Delivery:
    key: str
    unit_id: str
    channel: str  # email | chat
    recipient: str
    status: str  # sent | failed | skipped (already sent or in flight) | planned (dry run)
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DigestOutcome:
    day: date
    since: date
    digests: tuple[Digest, ...]
    deliveries: tuple[Delivery, ...]

    def count(self, status: str) -> int:
        return sum(1 for d in self.deliveries if d.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0

    def previews(self) -> list[str]:
        """Each digest as it would go out (subject, then text), for ``digest --dry-run``."""
        previews = []
        for digest in self.digests:
            rendered = render_digest(digest)
            to = [d.recipient for d in self.deliveries if d.unit_id == digest.unit_id] or ["（无联系人）"]
            previews.append(f"主题：{rendered.subject}\n收件人：{'，'.join(to)}\n\n{rendered.text}\n")
        return previews

    def summary(self) -> str:
        return (
            f"{chinese_date(self.since)}至{chinese_date(self.day)}：简报 {len(self.digests)} 份，"
            f"已发送 {self.count('sent')}，失败 {self.count('failed')}，"
            f"跳过 {self.count('skipped')}（已发送或正在发送），待发送 {self.count('planned')}"
        )

    def job_detail(self) -> str:
        """The digest job's recorded detail: the window as data, so a same-day re-run reuses it."""
        return job_detail(self.since, self.day, self.summary())


@dataclass(frozen=True, slots=True)
class _Planned:
    key: str
    digest: Digest
    contact: Contact

    @property
    def channel(self) -> str:
        return "email" if self.contact.email else "chat"

    @property
    def recipient(self) -> str:
        return self.contact.email or self.contact.notify or ""


def send_key(day: date, unit_id: str, contact: Contact) -> str:
    """``digest/<day>/<unit>/<channel>/<recipient>``; chat URLs (they carry tokens) appear hashed."""
    if contact.email:
        return f"{KEY_PREFIX}/{day.isoformat()}/{unit_id}/email/{contact.email.lower()}"
    digest = hashlib.sha256((contact.notify or "").encode()).hexdigest()[:20]
    return f"{KEY_PREFIX}/{day.isoformat()}/{unit_id}/chat/{digest}"


def key_day(key: str) -> date | None:
    parts = key.split("/")
    if len(parts) < 5 or parts[0] != KEY_PREFIX:
        return None
    try:
        return date.fromisoformat(parts[1])
    except ValueError:
        return None


def contacts_of(config: Config, digest: Digest) -> list[Contact]:
    if digest.is_office:
        return list(config.digest.office)
    return list(config.unit(digest.unit_id).contacts)


def plan_sends(config: Config, digests: Sequence[Digest]) -> list[_Planned]:
    return [
        _Planned(send_key(digest.day, digest.unit_id, contact), digest, contact)
        for digest in digests
        for contact in contacts_of(config, digest)
    ]


def compose_for(config: Config, inputs: DigestInputs) -> list[Digest]:
    return compose_digests(
        day=inputs.day,
        units=config.units,
        histories=inputs.histories,
        new_warnings=inputs.new_warnings,
        reminders=inputs.reminders,
        new_broken_links=inputs.new_broken_links,
        unavailable_sites=inputs.unavailable_sites,
        quarter_scores=inputs.quarter_scores,
        send_empty=config.digest.send_empty,
        since=inputs.since,
    )


async def run_digest(
    config: Config,
    store: Store,
    *,
    day: date,
    rulebooks: Sequence[Rulebook],
    dry_run: bool = False,
    now: datetime | None = None,
) -> DigestOutcome:
    """Compose and send ``day``'s digests; with ``dry_run`` nothing is claimed or sent.

    ``rulebooks`` are the caller's (the config's, or the registry recorded in the database); each
    day is judged by the one in force on it.
    """
    inputs = await asyncio.to_thread(gather_inputs, config, store, day=day, rulebooks=rulebooks)
    digests = compose_for(config, inputs)
    planned = plan_sends(config, digests)
    if dry_run:
        deliveries = [_delivery(p, "planned") for p in planned]
        return DigestOutcome(day, inputs.since, tuple(digests), tuple(deliveries))
    planned += await _earlier_retries(
        config, store, day=day, rulebooks=rulebooks, today_keys={p.key for p in planned}
    )
    rendered: dict[tuple[date, str], RenderedDigest] = {}
    deliveries = []
    for plan in planned:
        deliveries.append(await _deliver_one(config, store, plan, rendered, now=now))
    outcome = DigestOutcome(day, inputs.since, tuple(digests), tuple(deliveries))
    counts = {status: outcome.count(status) for status in ("sent", "failed", "skipped")}
    log.info(
        "digest run",
        extra={"day": day.isoformat(), "since": inputs.since.isoformat(), "digests": len(digests), **counts},
    )
    return outcome


async def _deliver_one(
    config: Config,
    store: Store,
    plan: _Planned,
    rendered: dict[tuple[date, str], RenderedDigest],
    *,
    now: datetime | None,
) -> Delivery:
    """One send; whatever goes wrong with it is this send's failure, never the other units'."""
    try:
        look = (plan.digest.day, plan.digest.unit_id)
        if look not in rendered:
            rendered[look] = render_digest(plan.digest)
        return await _deliver(config, store, plan, rendered[look], now=now)
    except Exception as error:  # a bug or a refused message: recorded, and the next unit goes on
        log.exception("digest send crashed", extra={"key": plan.key})
        detail = f"{type(error).__name__}: {error}"[:300]

        def fail() -> None:  # a claim left pending would be reported as stuck forever
            with store.session() as session:
                storage.mark_send(session, plan.key, ok=False, detail=detail, at=now or utc_now())

        try:
            await asyncio.to_thread(fail)
        except Exception:
            log.exception("could not mark the crashed send failed", extra={"key": plan.key})
        return _delivery(plan, "failed", detail)


async def _deliver(
    config: Config, store: Store, plan: _Planned, message: RenderedDigest, *, now: datetime | None
) -> Delivery:
    def at() -> datetime:
        return now or utc_now()

    def claim() -> bool:
        with store.session() as session:
            return storage.claim_send(
                session,
                key=plan.key,
                unit_id=None if plan.digest.is_office else plan.digest.unit_id,
                channel=plan.channel,
                recipient=plan.recipient,
                at=at(),
            )

    if not await asyncio.to_thread(claim):
        return _delivery(plan, "skipped", "已发送或正在发送")
    result = await _send(config, plan, message)

    def mark() -> None:
        with store.session() as session:
            storage.mark_send(session, plan.key, ok=result.ok, detail=result.detail, at=at())

    await asyncio.to_thread(mark)
    if not result.ok:
        log.warning(
            "digest send failed", extra={"key": plan.key, "channel": plan.channel, "detail": result.detail}
        )
    return _delivery(plan, "sent" if result.ok else "failed", result.detail)


async def _send(config: Config, plan: _Planned, message: RenderedDigest) -> SendResult:
    if plan.contact.email:
        return await send_email(
            config.smtp, to=plan.contact.email, subject=message.subject, text=message.text, html=message.html
        )
    return await send_chat(plan.recipient, message.subject, message.text)


def _delivery(plan: _Planned, status: str, detail: str = "") -> Delivery:
    recipient = plan.recipient if plan.channel == "email" else masked_url(plan.recipient)
    return Delivery(plan.key, plan.digest.unit_id, plan.channel, recipient, status, detail)


async def _earlier_retries(
    config: Config, store: Store, *, day: date, rulebooks: Sequence[Rulebook], today_keys: set[str]
) -> list[_Planned]:
    """Failed sends of the last ``retry_days`` days, with their day's digest composed again."""
    horizon = day - timedelta(days=config.digest.retry_days)

    def failed_keys() -> list[str]:
        with store.session() as session:
            return [record.key for record in storage.failed_sends(session)]

    by_day: dict[date, set[str]] = {}
    for key in await asyncio.to_thread(failed_keys):
        earlier = key_day(key)
        if earlier is not None and horizon <= earlier < day and key not in today_keys:
            by_day.setdefault(earlier, set()).add(key)
    retries: list[_Planned] = []
    for earlier, keys in sorted(by_day.items()):
        inputs = await asyncio.to_thread(gather_inputs, config, store, day=earlier, rulebooks=rulebooks)
        retries += [p for p in plan_sends(config, compose_for(config, inputs)) if p.key in keys]
    return retries


__all__ = ["Delivery", "DigestOutcome", "key_day", "plan_sends", "run_digest", "send_key"]
