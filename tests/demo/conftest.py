"""One farm for the whole folder: starting it renders ~5000 resources, so it is started once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from freshwatch.demo import Farm


@pytest.fixture(scope="session")
def farm() -> Iterator[Farm]:
    with Farm() as running:
        yield running
