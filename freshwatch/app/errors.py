"""Errors of the shell's own rules: arguments and imported rows a command can't accept, a held lock."""

from __future__ import annotations

from freshwatch.errors import FreshwatchError


class InputError(FreshwatchError):
    """A command-line argument or imported row is invalid; the message is already for people."""


class CrawlLockedError(FreshwatchError):
    """Another crawl holds the crawl lock in the database."""


class CrawlStorageFailed(FreshwatchError):
    """A crawl's write failed for good (disk full, database gone); the message is for people."""


class SharedDatabaseRequired(FreshwatchError):
    """The Celery executor was given a SQLite file: workers on other machines can't share it."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"the celery executor needs a shared database, not {url}")


class HomePageUnreadable(FreshwatchError):
    """``discover`` could not read a site's home page: there is nothing to propose."""

    def __init__(self, url: str, error: str | None, status: int | None, detail: str) -> None:
        self.url = url
        self.error = error  # an ErrorClass value, or None when the answer was not HTML
        self.status = status
        self.detail = detail
        super().__init__(f"cannot read home page {url}: {error or status} {detail}".strip())


__all__ = [
    "CrawlLockedError",
    "CrawlStorageFailed",
    "HomePageUnreadable",
    "InputError",
    "SharedDatabaseRequired",
]
