"""What came from outside is printed as text: no escape codes, no rich markup (issue 12)."""

from __future__ import annotations

import pytest

from freshwatch.cli.output import echo, print_table, say

TITLE = "通知\x1b[2J\x1b]8;;http://evil.example\x07点我\x9b31m[link=http://evil.example]链接[/link][bold]粗"


def test_a_table_cell_prints_without_escape_codes_and_with_its_markup_as_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    print_table(None, ["栏目"], [[TITLE]])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "[link=http://evil.example]" in out.replace("\n", "").replace("│", "").replace(" ", "")


def test_say_and_echo_strip_controls_and_keep_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    say(TITLE)
    echo(TITLE)
    captured = capsys.readouterr()
    for text in (captured.err, captured.out):
        assert "\x1b" not in text and "\x9b" not in text
        assert "[link=http://evil.example]链接[/link][bold]粗" in text
