"""Printing for people (Chinese tables on stdout) and for scripts (``--json``).

Tables go through rich, which measures CJK characters as two columns; JSON is UTF-8 with
Chinese kept readable (ensure_ascii off) and dates as ISO strings.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from freshwatch.safe_text import terminal_text


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def print_json(data: Any) -> None:
    sys.stdout.write(dumps(data) + "\n")


def print_table(title: str | None, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    # Text objects, not strings: rich never reads markup ("[link=...]") in what came from outside
    table = Table(title=_plain(title) if title else None, show_lines=False, header_style="bold")
    for header in headers:
        table.add_column(_plain(header), overflow="fold")
    for row in rows:
        table.add_row(*(_plain("" if cell is None else str(cell)) for cell in row))
    console = Console(soft_wrap=False)
    if not console.is_terminal:
        # Piped output is read by people in a pager or a file: don't fold cells at 80 columns.
        console = Console(soft_wrap=False, width=240)
    console.print(table)


def _plain(text: str) -> Text:
    return Text(terminal_text(text))


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """A human line (or block) without control characters: a page title's escape codes stay out."""
    click.echo(terminal_text(text), err=err, nl=nl)


def err_console() -> Console:
    return Console(stderr=True, soft_wrap=True)


def say(message: str) -> None:
    """A line for the person at the terminal; goes to stderr so stdout stays machine-clean."""
    err_console().print(_plain(message), highlight=False)
