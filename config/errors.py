"""Errors of the config boundary: a config file, rulebook or import sheet that can't be used.

The config layer is where people's files meet the code, so its one error already carries everything
a clerk needs to fix the file: the file, the key path, the bad value and what is allowed.
"""

from __future__ import annotations

import reprlib

from freshwatch.errors import FreshwatchError


class ConfigError(FreshwatchError):
    """A config file, rulebook or import file is invalid."""

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


__all__ = ["ConfigError"]
