"""Servers for the discovery tests: the generated sites and the demo farm, once per module that asks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from freshwatch.demo.running import Farm
from tests.discovery.farm import Served, serve_sites


@pytest.fixture(scope="session")
def generated_sites() -> Iterator[list[Served]]:
    with serve_sites() as served:
        yield served


@pytest.fixture(scope="session")
def demo_farm() -> Iterator[Farm]:
    with Farm() as farm:
        yield farm


@pytest.fixture
def no_config(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run in an empty folder with no freshwatch.yaml and no $FRESHWATCH_CONFIG."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRESHWATCH_CONFIG", raising=False)
    monkeypatch.delenv("FRESHWATCH_DB", raising=False)
    return tmp_path
