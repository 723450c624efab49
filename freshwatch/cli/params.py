"""What every command shares: the App handed down by the group, and the parsing of common options."""

from __future__ import annotations

from datetime import date

import click

from freshwatch.app.context import App
from freshwatch.app.errors import InputError
from freshwatch.scoring.types import Quarter

pass_app = click.make_pass_decorator(App)

json_option = click.option("--json", "as_json", is_flag=True, help="输出机器可读的 JSON")


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} 不是有效日期；格式为 YYYY-MM-DD") from None


def parse_quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise InputError(f"--quarter {text!r} 无效；格式如 2018Q4") from None
