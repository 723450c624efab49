"""The one exception tree of freshwatch.

Failures a site causes during a crawl are values (see ``crawler.types``); exceptions are for bad
input, broken configuration and bugs.  The CLI turns a ``FreshwatchError`` into one clear line and
exit code 2.
"""

from __future__ import annotations

import reprlib


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
        # bounded while formatting: a huge value (a YAML bomb, a pasted page) is never rendered whole
        shown = reprlib.repr(value) if not isinstance(value, str) else f'"{_cut(value)}"'
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: 值 {shown} 无效；{allowed}")


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 个字符）"


class StoreError(FreshwatchError):
    """The database cannot be opened or migrated."""


class CrawlLockedError(FreshwatchError):
    """Another crawl holds the crawl lock in the database."""


class InputError(FreshwatchError):
    """A command-line argument or imported row is invalid."""


__all__ = ["ConfigError", "CrawlLockedError", "FreshwatchError", "InputError", "StoreError"]
