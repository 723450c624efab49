"""Errors of the shell's own rules: arguments and imported rows a command can't accept, a held lock."""

from __future__ import annotations

from freshwatch.errors import FreshwatchError


class InputError(FreshwatchError):
    """A command-line argument or imported row is invalid; the message is already for people."""


class CrawlLockedError(FreshwatchError):
    """Another crawl holds the crawl lock in the database."""


__all__ = ["CrawlLockedError", "InputError"]
