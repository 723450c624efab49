"""Click, speaking Chinese: help pages and command-line mistakes as a clerk reads them.

Click's own words (Usage, Options, [required], "No such command", "is not one of") are English.
Rather than patching click's translation hook, freshwatch renders help and usage errors itself:

- ``ChineseContext`` builds the help page (``render_help``) for any command it is attached to;
- ``ChineseGroup`` attaches that context to every command added to it, names unknown commands in
  Chinese, and is the class of every group (so a command added later inherits all of this);
- ``usage_error_text`` words every ``click.UsageError`` for ``cli.main``.

Option names, metavars (``YYYY-MM-DD``, ``URL``) and built-in values stay as they are typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import click
from click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchCommand,
    NoSuchOption,
)

USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
HELP_TEXT = "显示本帮助并退出"

# click's generic type names, shown where a parameter has no metavar of its own
TYPE_WORDS = {
    "TEXT": "文本",
    "INTEGER": "整数",
    "FLOAT": "数字",
    "PATH": "路径",
    "FILE": "文件",
    "FILENAME": "文件",
    "DIRECTORY": "目录",
    "BOOLEAN": "是/否",
}


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter

    def get_help(self) -> str:
        return render_help(self)

    def get_usage(self) -> str:
        formatter = self.make_formatter()
        formatter.write_usage(self.command_path, " ".join(usage_pieces(self)))
        return formatter.getvalue().rstrip("\n")


def _adopt(command: click.Command) -> None:
    """Attach the Chinese context to a command (and to a group's commands)."""
    command.context_class = ChineseContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _adopt(sub)


class ChineseGroup(click.Group):
    """Every command added here (and under its subgroups) renders help and usage in Chinese."""

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        _adopt(cmd)


ChineseGroup.group_class = ChineseGroup


# --- help pages ------------------------------------------------------------------------------------


def usage_pieces(ctx: click.Context) -> list[str]:
    command = ctx.command
    pieces = []
    if any(isinstance(p, click.Option) for p in command.get_params(ctx)):
        pieces.append(OPTIONS_METAVAR)
    for param in command.get_params(ctx):
        if isinstance(param, click.Argument):
            pieces.append(param.make_metavar(ctx))
    if isinstance(command, click.Group):
        pieces.append(SUBCOMMAND_METAVAR)
    return pieces


def render_help(ctx: click.Context) -> str:
    command = ctx.command
    formatter = ctx.make_formatter()
    formatter.write_usage(ctx.command_path, " ".join(usage_pieces(ctx)))
    command.format_help_text(ctx, formatter)
    arguments = [
        (param.make_metavar(ctx), getattr(param, "help", None) or "")
        for param in command.get_params(ctx)
        if isinstance(param, click.Argument)
    ]
    if any(text for _, text in arguments):
        with formatter.section("参数"):
            formatter.write_dl(arguments)
    helper = command.get_help_option(ctx)
    options = [
        (option_row(param, ctx)[0], HELP_TEXT) if param is helper else option_row(param, ctx)
        for param in command.get_params(ctx)
        if isinstance(param, click.Option)
    ]
    if options:
        with formatter.section("选项"):
            formatter.write_dl(options)
    if isinstance(command, click.Group):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, sub.get_short_help_str(limit=formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)
    command.format_epilog(ctx, formatter)
    return formatter.getvalue().rstrip("\n")


def metavar(param: click.Parameter, ctx: click.Context) -> str:
    shown = param.make_metavar(ctx)
    return TYPE_WORDS.get(shown, shown)


def option_row(option: click.Option, ctx: click.Context) -> tuple[str, str]:
    names = ", ".join(option.opts)
    if option.secondary_opts:
        names += " / " + ", ".join(option.secondary_opts)
    if not option.is_flag and not option.count:
        names += " " + metavar(option, ctx)
    extra = option.get_help_extra(ctx)
    notes = []
    if extra.get("default"):
        notes.append(f"默认：{extra['default']}")
    if "range" in extra:
        notes.append(f"范围：{extra['range']}")
    if extra.get("required"):
        notes.append("必填")
    if option.multiple:
        notes.append("可重复")
    text = option.help or ""
    if notes:
        text = f"{text}［{'；'.join(notes)}］".strip()
    return names, text


# --- command-line mistakes ---------------------------------------------------------------------


def _hint(error: click.UsageError) -> str:
    param = getattr(error, "param", None)
    if param is None:
        return "参数"
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    ctx = error.ctx
    return param.make_metavar(ctx) if ctx is not None else (param.name or "参数")


def _maybe(possibilities: Iterable[str] | None) -> str:
    found = list(possibilities or [])
    return f"；是不是要用：{'、'.join(found)}" if found else ""


_EXTRA_ARGUMENTS = re.compile(r"unexpected extra arguments? \((?P<args>.*)\)", re.I)
_NEEDS_VALUE = re.compile(r"requires an argument", re.I)
_NO_VALUE = re.compile(r"does not take a value", re.I)


def bad_value_text(param: click.Parameter | None) -> str:
    kind = getattr(param, "type", None)
    if isinstance(kind, click.Choice):
        return "可选：" + ", ".join(str(c) for c in kind.choices)
    if isinstance(kind, click.types.IntParamType):
        return "应为整数"
    if isinstance(kind, click.types.FloatParamType):
        return "应为数字"
    if isinstance(kind, click.Path):
        return "路径不存在或不可用"
    return "值无效"


def usage_error_text(error: click.UsageError) -> str:
    """One Chinese sentence for a command-line mistake (no click English)."""
    if isinstance(error, NoSuchCommand):
        return f"没有命令 {error.command_name}{_maybe(error.possibilities)}"
    if isinstance(error, NoSuchOption):
        return f"没有选项 {error.option_name}{_maybe(error.possibilities)}"
    if isinstance(error, MissingParameter):
        what = "选项" if isinstance(error.param, click.Option) else "参数"
        return f"缺少{what} {_hint(error)}"
    if isinstance(error, BadParameter):
        return f"{_hint(error)} 的值无效；{bad_value_text(error.param)}"
    message = error.format_message()
    if isinstance(error, BadOptionUsage):
        if _NEEDS_VALUE.search(message):
            return f"选项 {error.option_name} 需要一个值"
        if _NO_VALUE.search(message):
            return f"选项 {error.option_name} 不接受值"
        return f"选项 {error.option_name} 用法有误"
    extra = _EXTRA_ARGUMENTS.search(message)
    if extra:
        return f"多余的参数：{extra['args']}"
    if isinstance(error, BadArgumentUsage):
        return "参数有误"
    if isinstance(error, NoArgsIsHelpError) or re.search(r"missing command", message, re.I):
        return "缺少命令"
    return "命令行有误"


def show_usage_error(error: click.UsageError) -> None:
    ctx = error.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
    click.echo(f"错误：{usage_error_text(error)}", err=True)
    click.echo(f"查看帮助：{ctx.command_path if ctx is not None else 'freshwatch'} --help", err=True)


__all__ = [
    "ChineseContext",
    "ChineseFormatter",
    "ChineseGroup",
    "render_help",
    "show_usage_error",
    "usage_error_text",
]
