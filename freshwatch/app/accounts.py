"""Console accounts: argon2 password hashes and the roles, for the ``users`` command and the console.

Passwords are read from a prompt, $FRESHWATCH_PASSWORD or standard input, never from the command
line (where ``ps`` and shell history would keep them).
"""

from __future__ import annotations

import secrets
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from freshwatch.app.errors import InputError

MIN_PASSWORD = 8


class Role(StrEnum):
    office = "office"  # 政务公开科: sees and does everything
    unit = "unit"  # a unit's webmaster: sees only its own unit

    @property
    def label(self) -> str:
        return {"office": "政务公开科", "unit": "单位"}[self.value]


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    return _hasher().hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """A password for generated accounts (the demo's), printed once."""
    return secrets.token_urlsafe(12)
