"""The outcome of one send: a value, so that one bad recipient never stops the others."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SendResult:
    ok: bool
    detail: str = ""

    @classmethod
    def failed(cls, error: BaseException | str) -> SendResult:
        if isinstance(error, BaseException):
            return cls(False, f"{type(error).__name__}: {error}".strip())
        return cls(False, error)
