"""The content checks' settings, leaders list and office word lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from freshwatch.app.content_checks import build_scanner
from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import load_rulebook
from freshwatch.config.models import Config


def test_leader_given_as_one_name_is_a_list() -> None:
    assert Config.model_validate({"units": [], "leaders": {"区长": "李四"}}).leaders == {"区长": ["李四"]}


def test_rulebooks_carry_interpretation_and_consultation_days() -> None:
    for name in ("national", "demo"):
        content = load_rulebook(name).content
        assert (content.interpretation.workdays, content.consultation.days) == (3, 30)


def test_office_typo_file_adds_to_the_shipped_list(tmp_path: Path) -> None:
    (tmp_path / "typos.txt").write_text("某某街到 某某街道 一般\n", "utf-8")
    config = Config.model_validate(
        {"units": [], "content": {"typos_file": "typos.txt"}, "source": str(tmp_path / "fw.yaml")}
    )
    keys = {f.key for f in build_scanner(config, b"s").scan_text("某某街到办事处，再接再励", "http://x/")}
    assert keys == {"某某街到", "再接再励"}


def test_missing_office_file_names_the_key(tmp_path: Path) -> None:
    config = Config.model_validate(
        {"units": [], "content": {"typos_file": "nope.txt"}, "source": str(tmp_path / "fw.yaml")}
    )
    with pytest.raises(ConfigError, match=r"content\.typos_file"):
        build_scanner(config, b"s")


def test_bad_line_in_office_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "typos.txt").write_text("只有一列\n", "utf-8")
    config = Config.model_validate(
        {"units": [], "content": {"typos_file": "typos.txt"}, "source": str(tmp_path / "fw.yaml")}
    )
    with pytest.raises(ConfigError, match="第 1 行"):
        build_scanner(config, b"s")
