"""docs/configuration.md lists every config key with its real default, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from freshwatch.config.loader import load_config
from tests.shell.config_keys import config_keys

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "docs" / "configuration.md"
_ROW = re.compile(r"^\| `(?P<key>[^`]+)` \| (?P<default>[^|]+?) \|", re.M)
_YAML = re.compile(r"^```yaml\n(?P<body>.*?)^```", re.S | re.M)


def documented(text: str) -> dict[str, str]:
    return {m["key"]: m["default"].strip().strip("`") for m in _ROW.finditer(text)}


def drift(text: str) -> list[str]:
    """What the page gets wrong: missing keys, keys the loader refuses, wrong defaults."""
    keys, shown = config_keys(), documented(text)
    wrong = [f"missing: {k}" for k in keys if k not in shown]
    wrong += [f"not a key: {k}" for k in shown if k not in keys]
    wrong += [
        f"{k}: documented {shown[k]!r}, default {v!r}"
        for k, v in keys.items()
        if k in shown and shown[k] != v
    ]
    return wrong


def test_the_reference_matches_the_models() -> None:
    assert drift(REFERENCE.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("| `crawl.timeout` | `15.0` |", "| `crawl.timeout` | `20.0` |"),  # a wrong default
        ("| `smtp.sender` |", "| `smtp.from` |"),  # a renamed key
        ("| `digest.office` | `[]` |", "| `digest.offices` | `[]` |"),
    ],
)
def test_the_check_catches_drift(old: str, new: str) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert old in text
    assert drift(text.replace(old, new, 1))


def test_the_complete_example_loads(tmp_path: Path) -> None:
    [example] = [m["body"] for m in _YAML.finditer(REFERENCE.read_text(encoding="utf-8"))]
    path = tmp_path / "freshwatch.yaml"
    path.write_text(example, encoding="utf-8")
    config = load_config(path)
    assert config.smtp.security == "ssl" and config.digest.office[1].notify == "wecombot://fedcba9876543210"
