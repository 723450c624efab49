"""``rules:`` names one rulebook, or several that each apply to their own period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from freshwatch.config import load_config, load_rulebook, load_rulebooks, rulebook_for
from freshwatch.config.errors import ConfigError
from freshwatch.scoring.rulebooks import rulebook_for_quarter
from freshwatch.scoring.types import Quarter
from tests.config.test_config_errors import GOOD_UNIT, error_of, write

DEMO = Path(__file__).resolve().parents[2] / "config" / "rules" / "demo.yaml"


def rulebook_file(folder: Path, name: str, applies: str) -> Path:
    text = DEMO.read_text(encoding="utf-8").replace("name: demo", f"name: {name}\napplies: {applies}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_list_of_rulebooks_loads_relative_to_the_config(tmp_path: Path) -> None:
    rulebook_file(tmp_path / "rules", "rules2018", "{from: 2018-01-01, to: 2018-12-31}")
    rulebook_file(tmp_path / "rules", "rules2019", "{from: 2019-01-01}")
    text = "rules: [rules/rules2018.yaml, rules/rules2019.yaml, national]\nunits:" + GOOD_UNIT
    config = load_config(write(tmp_path, text))
    assert config.rules == [
        str(tmp_path / "rules" / "rules2018.yaml"),
        str(tmp_path / "rules" / "rules2019.yaml"),
        "national",
    ]
    books = load_rulebooks(config)
    assert [b.name for b in books] == ["rules2018", "rules2019", "national"]
    assert books[1].applies.from_ == date(2019, 1, 1)
    # the national rulebook applies always; a dated one is more specific where it applies
    assert rulebook_for_quarter(books, Quarter(2018, 4)).name == "rules2018"
    assert rulebook_for_quarter(books, Quarter(2019, 1)).name == "rules2019"
    assert rulebook_for(config).name == "rules2018"


def test_the_single_name_form_still_works(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "rules: demo\nunits:" + GOOD_UNIT))
    assert config.rules == "demo" and config.rule_sources() == ["demo"]
    assert [b.name for b in load_rulebooks(config)] == ["demo"]
    assert load_config(write(tmp_path, "units:" + GOOD_UNIT)).rule_sources() == [None]
    assert load_rulebooks(load_config(write(tmp_path, "units:" + GOOD_UNIT)))[0] == load_rulebook(None)


def test_an_empty_list_of_rulebooks_is_refused(tmp_path: Path) -> None:
    message = str(error_of(write(tmp_path, "rules: []\nunits:" + GOOD_UNIT)))
    assert "freshwatch.yaml" in message and "rules" in message and "至少给出一个规则" in message


def test_a_rulebook_entry_must_be_a_name_or_a_file(tmp_path: Path) -> None:
    message = str(error_of(write(tmp_path, "rules: [demo, {name: x}]\nunits:" + GOOD_UNIT)))
    assert "rules[1]" in message and "应为文本" in message


def test_a_missing_rulebook_file_in_the_list_names_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "rules: [demo, nowhere.yaml]\nunits:" + GOOD_UNIT))
    with pytest.raises(ConfigError) as caught:
        load_rulebooks(config)
    assert "nowhere.yaml" in str(caught.value) and "文件不存在" in str(caught.value)


def test_two_rulebooks_starting_the_same_day_are_refused_at_load_time(tmp_path: Path) -> None:
    rulebook_file(tmp_path / "rules", "a", "{from: 2018-01-01}")
    rulebook_file(tmp_path / "rules", "b", "{from: 2018-01-01, to: 2018-12-31}")
    path = write(tmp_path, "rules: [rules/a.yaml, rules/b.yaml]\nunits:" + GOOD_UNIT)
    with pytest.raises(ConfigError) as caught:
        load_rulebooks(load_config(path), str(path))
    message = str(caught.value)
    assert "freshwatch.yaml: rules" in message and "a、b" in message and "2018-01-01" in message
