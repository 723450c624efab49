"""Console accounts, signed-in sessions and the audit log.

Password hashing is the shell's job (argon2 in ``freshwatch.web.passwords``): storage keeps the
hash it is handed and never sees a password.  Sessions are stored by the SHA-256 of their token.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from freshwatch.storage.errors import AccountExists, AccountMissing
from freshwatch.storage.models import AuditRow, UserRow, WebSessionRow
from freshwatch.storage.records import AccountRecord, AuditRecord


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _account(row: UserRow) -> AccountRecord:
    return AccountRecord(
        user_id=row.id,
        name=row.name,
        role=row.role,
        unit_id=row.unit_id,
        disabled=row.disabled,
        created_at=row.created_at,
        password_hash=row.password_hash,
    )


def add_user(
    session: Session, *, name: str, role: str, unit_id: str | None, password_hash: str, at: datetime
) -> AccountRecord:
    if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
        raise AccountExists(name)
    row = UserRow(
        name=name,
        role=role,
        unit_id=unit_id,
        password_hash=password_hash,
        disabled=False,
        created_at=at,
        password_changed_at=at,
    )
    session.add(row)
    session.flush()
    return _account(row)


def find_user(session: Session, name: str) -> AccountRecord | None:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    return _account(row) if row is not None else None


def list_users(session: Session) -> list[AccountRecord]:
    return [_account(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def _existing(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise AccountMissing(name)
    return row


def set_disabled(session: Session, name: str, *, disabled: bool) -> None:
    """Disabling also signs the account out everywhere."""
    row = _existing(session, name)
    row.disabled = disabled
    if disabled:
        session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))


def set_password_hash(session: Session, name: str, password_hash: str, *, at: datetime) -> None:
    """A new password ends every session opened with the old one."""
    row = _existing(session, name)
    row.password_hash = password_hash
    row.password_changed_at = at
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))


def open_session(
    session: Session, *, user_id: int, token: str, csrf: str, at: datetime, expires_at: datetime
) -> None:
    session.add(
        WebSessionRow(
            token_hash=token_hash(token), user_id=user_id, csrf=csrf, created_at=at, expires_at=expires_at
        )
    )


def session_account(session: Session, token: str, *, now: datetime) -> tuple[AccountRecord, str] | None:
    """The live, enabled account behind a session token and the session's CSRF token."""
    row = session.execute(
        select(UserRow, WebSessionRow.csrf)
        .join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
        .where(WebSessionRow.token_hash == token_hash(token), WebSessionRow.expires_at > now)
    ).first()
    if row is None or row[0].disabled:
        return None
    return _account(row[0]), row[1]


def close_session(session: Session, token: str) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash(token)))


def record_audit(
    session: Session, *, actor: str, action: str, target: str, before: str = "", after: str = "", at: datetime
) -> None:
    session.add(AuditRow(at=at, actor=actor, action=action, target=target, before=before, after=after))


def audit_entries(session: Session, *, limit: int = 200) -> list[AuditRecord]:
    rows = session.scalars(select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit))
    return [AuditRecord(r.id, r.at, r.actor, r.action, r.target, r.before, r.after) for r in rows]
