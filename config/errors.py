"""Errors of the config boundary: a config file, rulebook or import sheet that can't be used.

The config layer is where people's files meet the code, so its one error already carries everything
a clerk needs to fix the file: the file, the key path, the bad value and what is allowed.
"""

from __future__ import annotations

from freshwatch.errors import FreshwatchError


class ConfigError(FreshwatchError):
    """A config file, rulebook or import file is invalid."""

    def __init__(self, file: str, key: str, value: object, allowed: str) -> None:
        self.file = file
        self.key = key
        self.value = value
        self.allowed = allowed
        shown = repr(value) if not isinstance(value, str) else f'"{value}"'
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: 值 {shown} 无效；{allowed}")


__all__ = ["ConfigError"]
