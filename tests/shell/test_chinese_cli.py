"""What a clerk reads from the command line is Chinese: help pages and command-line mistakes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest

from freshwatch.cli.main import cli
from tests.shell.conftest import run_cli

# words a clerk types or reads as they are: names, formats, schemes, metavars
ALLOWED = {
    "freshwatch",
    "URL",
    "ID",
    "CSV",
    "JSON",
    "YYYY",
    "MM",
    "DD",
    "YYYYQn",
    "P95",
    "sqlite",
    "postgresql",
    "psycopg",
    "FRESHWATCH_CONFIG",
    "manual",
    "yaml",
    "YAML",  # file formats are named as the clerk's files are
    "csv",
    "xlsx",
    "docx",
}
_WORD = re.compile(r"(?<![0-9A-Za-z_])[A-Za-z][A-Za-z0-9_]+")


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _typed_words(command: click.Command) -> set[str]:
    """Option names, choices and metavars of one command: typed as they are, so allowed."""
    words: set[str] = set()
    for param in command.params:
        words.update(
            _WORD.findall(" ".join(getattr(param, "opts", []) + getattr(param, "secondary_opts", [])))
        )
        if isinstance(param.type, click.Choice):
            words.update(str(choice) for choice in param.type.choices)
        if param.metavar:
            words.update(_WORD.findall(param.metavar))
    return words


def _english(text: str, allowed: set[str]) -> list[str]:
    without_options = re.sub(r"(?<![\w])--?[A-Za-z][\w-]*", " ", text)
    return [w for w in _WORD.findall(without_options) if w not in allowed | ALLOWED]


COMMANDS = list(_commands(cli))
NAMES = {word for path, _ in COMMANDS for name in path for word in _WORD.findall(name)}


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "freshwatch" for p, _ in COMMANDS]
)
def test_every_help_page_is_chinese(path: tuple[str, ...], command: click.Command) -> None:
    ran = run_cli(*path, "--help")
    assert ran.code == 0, ran.err
    assert ran.out.startswith("用法：freshwatch")
    assert _english(ran.out, _typed_words(command) | _typed_words(cli) | NAMES) == [], ran.out


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "freshwatch" for p, _ in COMMANDS]
)
def test_every_option_has_a_chinese_help_text(path: tuple[str, ...], command: click.Command) -> None:
    missing = [p.name for p in command.params if isinstance(p, click.Option) and not p.help]
    assert missing == []


def test_the_check_finds_click_english() -> None:
    assert _english("Usage: freshwatch [OPTIONS]\n  --unit ID  Show this message and exit.", set()) == [
        "Usage",
        "OPTIONS",
        "Show",
        "this",
        "message",
        "and",
        "exit",
    ]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["nosuch"], "错误：没有命令 nosuch"),
        (["scor"], "是不是要用：score"),
        (["status", "--nope"], "错误：没有选项 --nope"),
        (["deduct"], "错误：缺少选项 --unit"),
        (["score", "--format", "pdf"], "错误：--format 的值无效；可选：table, csv, json, xlsx, docx"),
        (["score", "--quarter"], "错误：选项 --quarter 需要一个值"),
        (["deductions", "withdraw", "x", "--reason", "r"], "错误：编号 的值无效；应为整数"),
        (["links", "extra"], "错误：多余的参数：extra"),
        (["deductions", "nosuch"], "错误：没有命令 nosuch"),
    ],
)
def test_command_line_mistakes_are_worded_in_chinese_with_exit_2(argv: list[str], expected: str) -> None:
    ran = run_cli(*argv)
    assert ran.code == 2
    assert expected in ran.err
    assert "查看帮助：freshwatch" in ran.err and "--help" in ran.err
    typed = {word for _, command in COMMANDS for word in _typed_words(command)}
    assert _english(ran.err, set(argv) | NAMES | typed) == []


def test_a_missing_import_file_is_named_in_chinese(tmp_path: object) -> None:
    ran = run_cli("import-deductions", "no-such-sheet.csv")
    assert ran.code == 2 and "文件不存在：no-such-sheet.csv" in ran.err
    assert "does not exist" not in ran.err


def test_version_is_chinese() -> None:
    ran = run_cli("--version")
    assert ran.code == 0 and ran.out.startswith("freshwatch 版本 ")
