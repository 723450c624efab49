"""Who is asking, and what they may see: the ONE place that scopes the console by unit.

Every page and action receives a ``Scope``; the units it lists are the only units a handler can
read.  A unit account asking for another unit (by URL, id or form field) meets ``Forbidden`` here,
not in each handler.  Sessions live in the store (only their token's hash); every form carries the
session's CSRF token; failed logins are counted per account and per address.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from freshwatch import storage
from freshwatch.app.accounts import Role, password_matches
from freshwatch.app.clock import utc_now
from freshwatch.config.models import Config, Unit, WebSettings
from freshwatch.storage import Store

SESSION_COOKIE = "fw_session"
LOGIN_CSRF_COOKIE = "fw_login"


class Forbidden(Exception):
    """The viewer may not see or do this (answered with 403)."""


class Unknown(Exception):
    """No such unit, column or record (answered with 404)."""


@dataclass(frozen=True, slots=True)
class Viewer:
    name: str
    role: Role
    unit_id: str | None
    csrf: str
    token: str

    @property
    def is_office(self) -> bool:
        return self.role is Role.office


@dataclass(frozen=True, slots=True)
class Scope:
    viewer: Viewer
    config: Config

    def units(self) -> list[Unit]:
        """The units this viewer may read: all for the office, its own for a unit account."""
        if self.viewer.is_office:
            return list(self.config.units)
        return [u for u in self.config.units if u.id == self.viewer.unit_id]

    def unit_ids(self) -> list[str]:
        return [u.id for u in self.units()]

    def unit(self, unit_id: str) -> Unit:
        """One unit, if this viewer may read it."""
        if not self.viewer.is_office and unit_id != self.viewer.unit_id:
            raise Forbidden(unit_id)
        for unit in self.config.units:
            if unit.id == unit_id:
                return unit
        raise Unknown(unit_id)

    def require_office(self) -> None:
        if not self.viewer.is_office:
            raise Forbidden("office")


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


def viewer_of(store: Store, token: str | None) -> Viewer | None:
    if not token:
        return None
    with store.session() as session:
        found = storage.session_account(session, token, now=utc_now())
    if found is None:
        return None
    account, csrf = found
    return Viewer(account.name, Role(account.role), account.unit_id, csrf, token)


def sign_in(store: Store, settings: WebSettings, name: str, password: str) -> str | None:
    """A new session token for the right password of an enabled account, else None."""
    with store.session() as session:
        account = storage.find_user(session, name)
    if account is None or account.disabled or not password_matches(account.password_hash, password):
        return None
    token = secrets.token_urlsafe(32)
    now = utc_now()
    with store.session() as session:
        storage.open_session(
            session,
            user_id=account.user_id,
            token=token,
            csrf=secrets.token_urlsafe(32),
            at=now,
            expires_at=now + timedelta(hours=settings.session_hours),
        )
    return token


def sign_out(store: Store, token: str) -> None:
    with store.session() as session:
        storage.close_session(session, token)


class LoginLimiter:
    """Failed logins per account and per client address within a sliding window (in this process)."""

    def __init__(self, settings: WebSettings) -> None:
        self.attempts = settings.login_attempts
        self.window = settings.login_window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and found[0] <= now - self.window:
            found.popleft()
        return found

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(key, now)) >= self.attempts for key in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, account_key: str) -> None:
        with self._lock:
            self._failures.pop(account_key, None)
