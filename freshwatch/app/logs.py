"""Structured logging for the unattended service, on the standard library alone.

A daemon's log is read by machines (journald, a log shipper) more often than by people, so
``--log-format json`` writes one JSON object per line; anything passed as ``extra=`` becomes a
field of its own rather than being formatted into the message.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any, Literal

LogFormat = Literal["json", "text"]

# Attributes every LogRecord has; whatever else a record carries came in through ``extra=``.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime", "taskName"}
)


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {key: value for key, value in vars(record).items() if key not in _STANDARD_ATTRS}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, then the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            entry.setdefault(key, value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The classic line, with extra fields appended as key=value so nothing is lost."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = extra_fields(record)
        if extras:
            line += " " + " ".join(f"{key}={value}" for key, value in extras.items())
        return line


def configure_logging(
    log_format: LogFormat = "text", *, level: int | str = logging.INFO, stream: IO[str] | None = None
) -> logging.Handler:
    """Route the root logger to one handler in the chosen format; returns the handler it installed."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_freshwatch", False):
            root.removeHandler(old)
    handler._freshwatch = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return handler


# Libraries that log every request at INFO: a crawl of 28 sites would drown the daemon's own lines.
_CHATTY = ("httpx", "httpcore", "apprise", "aiosmtpd", "mail.log", "alembic")


def setup_logging(
    *, fmt: str = "text", verbose: int = 0, service: bool = True, stream: IO[str] | None = None
) -> logging.Handler:
    """The CLI's entry: INFO for the service (WARNING for one-off commands, whose results are their
    output), DEBUG with -v, library request logs too with -vv."""
    level = logging.DEBUG if verbose else (logging.INFO if service else logging.WARNING)
    handler = configure_logging("json" if fmt == "json" else "text", level=level, stream=stream)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    return handler


__all__ = [
    "JsonFormatter",
    "LogFormat",
    "TextFormatter",
    "configure_logging",
    "extra_fields",
    "setup_logging",
]
