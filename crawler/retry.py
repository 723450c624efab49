"""Which failures deserve another try, and how long to wait: one predicate, fed to tenacity.

Transient: connect errors (a weak server refuses or resets connections under load), timeouts,
408, 429, 502, 503, 504.  Final: DNS failures, TLS failures, 404/410 and the other 4xx, other 5xx.
A server that says when to come back (Retry-After) is believed, up to ``retry_after_cap``.
"""

from __future__ import annotations

import email.utils
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from tenacity import AsyncRetrying, RetryCallState, retry_if_result, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from freshwatch.config.models import CrawlSettings
from freshwatch.crawler.types import ErrorClass, Fetch

__all__ = ["Attempt", "RetryPolicy", "retry_after_seconds", "retrying", "should_retry", "with_retries"]

TRANSIENT_STATUSES = frozenset({408, 429, 502, 503, 504})
TRANSIENT_ERRORS = frozenset({ErrorClass.connect, ErrorClass.timeout})


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try: the fetch, the server's Retry-After, the first body bytes, a redirect target."""

    fetch: Fetch
    retry_after: float | None = None
    head: bytes = b""  # the first bytes of the body, for magic-byte checks
    location: str | None = None  # set on a redirect hop

    def after(self, chain: tuple[str, ...], spent: float) -> Attempt:
        """This hop's result as the end of a chain that took ``spent`` seconds before it."""
        if not chain and not spent:
            return self  # no redirect: nearly every request, and two copies each were measurable
        fetch = self.fetch
        return replace(
            self,
            fetch=replace(
                fetch,
                redirects=chain,
                ttfb=None if fetch.ttfb is None else fetch.ttfb + spent,
                elapsed=None if fetch.elapsed is None else fetch.elapsed + spent,
            ),
        )


def should_retry(fetch: Fetch) -> bool:
    """The one place that decides whether a failure is worth another try."""
    if fetch.error in TRANSIENT_ERRORS:
        return True
    return fetch.status in TRANSIENT_STATUSES


def retry_after_seconds(value: str | None, *, now: datetime) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():  # str.isdigit() admits "²" and "٣", which float() refuses
        return float(value) if value.isascii() else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff shape; its numbers come from ``CrawlSettings`` through ``from_settings``."""

    attempts: int
    retry_after_cap: float
    initial: float
    max_wait: float
    jitter: float = 0.5  # seconds of random spread, so hosts hit at once are not retried in step

    @classmethod
    def from_settings(cls, settings: CrawlSettings) -> RetryPolicy:
        return cls(
            attempts=settings.retries + 1,
            retry_after_cap=settings.retry_after_cap,
            initial=settings.retry_backoff,
            max_wait=settings.retry_backoff_max,
        )


def _waiter(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    backoff = wait_exponential_jitter(multiplier=policy.initial, max=policy.max_wait, jitter=policy.jitter)

    def wait(state: RetryCallState) -> float:
        outcome = state.outcome
        attempt = outcome.result() if outcome is not None and not outcome.failed else None
        if isinstance(attempt, Attempt) and attempt.retry_after is not None:
            return min(attempt.retry_after, policy.retry_after_cap)
        return float(backoff(state))

    return wait


def retrying(policy: RetryPolicy) -> AsyncRetrying:
    return AsyncRetrying(
        stop=stop_after_attempt(max(1, policy.attempts)),
        wait=_waiter(policy),
        retry=retry_if_result(lambda attempt: should_retry(attempt.fetch)),
        retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
        reraise=True,
    )


async def with_retries(policy: RetryPolicy, once: Callable[[], Awaitable[Attempt]]) -> Attempt:
    """Run ``once`` until it succeeds, fails for good, or the attempts run out (last attempt kept).

    The first try is made directly: nearly every request succeeds at once, and building tenacity's
    machinery for each of them was about 7 % of a crawl's CPU.  A transient failure enters tenacity
    as its attempt 1, so the waits and the stop are exactly the policy's.
    """
    first = await once()
    if not should_retry(first.fetch):
        return first
    tries = iter((first,))

    async def call() -> Attempt:  # tenacity awaits only what is declared a coroutine function
        made = next(tries, None)
        return made if made is not None else await once()

    result: Attempt = await retrying(policy)(call)
    return result
