"""The column vocabulary is data (config/column_words.yaml); a broken copy is reported like a config error."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from freshwatch.cli.registry import COMMANDS
from freshwatch.config.column_words import load_column_words
from freshwatch.config.errors import ConfigError
from freshwatch.config.models import Category


def test_the_built_in_vocabulary_names_every_configurable_category() -> None:
    words = load_column_words()
    assert set(words.categories) == {c for c in Category if c is not Category.home}


def test_a_broken_copy_names_the_file_the_key_and_the_value(tmp_path: Path) -> None:
    builtin = Path(__file__).resolve().parents[2] / "config" / "column_words.yaml"
    broken = tmp_path / "words.yaml"
    broken.write_text(
        builtin.read_text(encoding="utf-8").replace("exact: 0.95", "exact: 1.5"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        load_column_words(broken)
    assert (raised.value.file, raised.value.key, raised.value.value) == (str(broken), "confidence.exact", 1.5)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name or "" for c in COMMANDS])
def test_every_option_has_a_chinese_help_text(command: click.Command) -> None:
    options = [p for p in command.params if isinstance(p, click.Option)]
    assert options
    for option in options:
        assert option.help and re.search(r"[\u4e00-\u9fff]", option.help), option.name
