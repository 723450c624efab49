"""Bad config files each give one message naming the file, the key path, the value and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from freshwatch.config import Category, load_config, load_rulebook
from freshwatch.config.errors import ConfigError

GOOD_UNIT = """
  - id: hbfj
    name: 区环保分局
    contacts: [{email: web@hbfj.example}, {notify: "json://127.0.0.1:9000/hook"}]
    sites:
      - name: 区环保分局频道
        home: http://127.0.0.1:8101/
        columns:
          - {name: 工作动态, url: http://127.0.0.1:8101/gzdt/, category: news}
          - {name: 规划计划, url: http://127.0.0.1:8101/ghjh/, category: plan}
"""


def write(tmp_path: Path, text: str, name: str = "freshwatch.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


def test_issue_example_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "database: sqlite:///freshwatch.db\nunits:" + GOOD_UNIT))
    unit = config.units[0]
    assert unit.id == "hbfj"
    assert [c.category for c in unit.sites[0].columns] == [Category.news, Category.plan]
    assert unit.contacts[1].notify == "json://127.0.0.1:9000/hook"
    assert config.crawl.per_host == 4 and config.crawl.timeout == 15


def test_bad_category_names_path_value_and_choices(tmp_path: Path) -> None:
    text = "units:" + GOOD_UNIT.replace("category: plan", "category: plans")
    error = error_of(write(tmp_path, text))
    message = str(error)
    assert "freshwatch.yaml" in message
    assert "units[0].sites[0].columns[1].category" in message
    assert '"plans"' in message
    assert "news, notice, policy, plan, personnel, interpretation, consultation, other" in message
    assert message.endswith(
        'freshwatch.yaml: units[0].sites[0].columns[1].category: 值 "plans" 无效；'
        "可选：news, notice, policy, plan, personnel, interpretation, consultation, other"
    )


def test_home_category_is_not_configurable(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "units:" + GOOD_UNIT.replace("category: news", "category: home")))
    assert "columns[0].category" in str(error) and "不能作为栏目配置" in str(error)


def test_duplicate_unit_ids(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "units:" + GOOD_UNIT + GOOD_UNIT))
    assert "units[1].id" in str(error)
    assert "不能重复" in str(error) and "units[0]" in str(error)


def test_unknown_key_lists_allowed_keys(tmp_path: Path) -> None:
    error = error_of(
        write(tmp_path, "units:" + GOOD_UNIT.replace("name: 区环保分局频道", "nmae: 区环保分局频道"))
    )
    message = str(error)
    assert "units[0].sites[0].nmae" in message
    assert "此处可用的键" in message and "home" in message and "columns" in message


def test_bad_unit_id_and_url(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "units:" + GOOD_UNIT.replace("id: hbfj", "id: HB FJ")))
    assert "units[0].id" in str(error) and "小写字母" in str(error)
    error = error_of(
        write(tmp_path, "units:" + GOOD_UNIT.replace("home: http://127.0.0.1:8101/", "home: 127.0.0.1:8101"))
    )
    assert "units[0].sites[0].home" in str(error) and "http://" in str(error)


def test_units_from_separate_file_errors_name_that_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD_UNIT.replace("category: news", "category: newz"), name="units.yaml")
    main = write(tmp_path, "units: units.yaml\n")
    error = error_of(main)
    assert error.file.endswith("units.yaml")
    assert "units[0].sites[0].columns[0].category" in str(error)
    write(tmp_path, GOOD_UNIT, name="units.yaml")
    assert load_config(main).units[0].name == "区环保分局"


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    error = error_of(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(error) and "文件不存在" in str(error)
    error = error_of(write(tmp_path, "units: [\n  - id: x\n    name: [unclosed\n"))
    assert "行" in error.key and "有效的 YAML" in str(error)


def test_missing_required_key(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "units:\n  - id: a\n    sites: []\n"))
    assert "units[0].name" in str(error) and "缺少此键（必填）" in str(error)


def test_contact_needs_exactly_one_channel(tmp_path: Path) -> None:
    text = "units:" + GOOD_UNIT.replace("{email: web@hbfj.example}", "{}")
    error = error_of(write(tmp_path, text))
    assert "units[0].contacts[0]" in str(error) and "email 或 notify 其中之一" in str(error)


def test_rulebook_errors(tmp_path: Path) -> None:
    bad_period = write(
        tmp_path, "freshness:\n  news: {period: 2 weeks, remind: 3d, deduct: 3}\ntable: []\n", "r.yaml"
    )
    with pytest.raises(ConfigError) as caught:
        load_rulebook(bad_period)
    assert "freshness.news.period" in str(caught.value) and "14d" in str(caught.value)
    bad_source = write(tmp_path, "freshness: {}\ntable:\n  - {title: X, from: [newz]}\n", "r2.yaml")
    with pytest.raises(ConfigError) as caught:
        load_rulebook(bad_source)
    assert "table[0].from" in str(caught.value) and "manual" in str(caught.value)


def test_rules_path_is_relative_to_config(tmp_path: Path) -> None:
    write(tmp_path, (Path(__file__).parents[2] / "config/rules/demo.yaml").read_text("utf-8"), "rules.yaml")
    config = load_config(write(tmp_path, "rules: rules.yaml\nunits:" + GOOD_UNIT))
    assert isinstance(config.rules, str)
    assert load_rulebook(config.rules).name == "demo"


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def test_a_billion_laughs_config_is_refused_at_once(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, LAUGHS + "units:\n  - *i\n"))
    assert "不支持 YAML 别名" in str(error) and "第 2 行" in str(error)
    assert len(str(error)) < 400


def test_a_huge_bad_value_is_shown_cut_short(tmp_path: Path) -> None:
    error = error_of(
        write(tmp_path, "database: [" + ", ".join(["x" * 50] * 20_000) + "]\nunits:" + GOOD_UNIT)
    )
    assert "database" in str(error) and len(str(error)) < 400
