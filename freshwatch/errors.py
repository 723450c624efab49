"""The one exception tree of freshwatch.

Failures a site causes during a crawl are values (see ``crawler.types``); exceptions are for bad
input, broken configuration and bugs.  The CLI turns a ``FreshwatchError`` into one clear line and
exit code 2.
"""

from __future__ import annotations


class FreshwatchError(Exception):
    """Base of every error freshwatch raises on purpose."""


class ConfigError(FreshwatchError):
    """A config file, rulebook or import file is invalid.

    The message names the file, the key path, the bad value and what is allowed, so that a clerk
    can fix the file without reading code.
    """

    def __init__(self, file: str, key: str, value: object, allowed: str) -> None:
        self.file = file
        self.key = key
        self.value = value
        self.allowed = allowed
        shown = repr(value) if not isinstance(value, str) else f'"{value}"'
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: 值 {shown} 无效；{allowed}")


class StoreError(FreshwatchError):
    """The database cannot be opened or migrated."""


class StoreMissingError(StoreError):
    """A command that only reads found no freshwatch database where it was told to look.

    Read commands never create a database: a mistyped path must fail loudly, not start an empty
    store whose every column reads as a verdict.
    """


class ForeignDatabaseError(StoreError):
    """The database holds tables that are not freshwatch's (or is a server's admin database)."""


class CrawlLockedError(FreshwatchError):
    """Another crawl holds the crawl lock in the database."""


class InputError(FreshwatchError):
    """A command-line argument or imported row is invalid."""


__all__ = [
    "ConfigError",
    "CrawlLockedError",
    "ForeignDatabaseError",
    "FreshwatchError",
    "InputError",
    "StoreError",
    "StoreMissingError",
]
