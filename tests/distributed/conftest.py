"""Fixtures of the distributed tests: a generated farm and a Config over it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from freshwatch.config.models import Config
from tests.distributed.farm import SiteFarm


@pytest.fixture(scope="module")
def farm() -> Iterator[SiteFarm]:
    started = SiteFarm(12, date.today()).start()
    yield started
    started.stop()


@pytest.fixture
def config(farm: SiteFarm) -> Config:
    return Config.model_validate(
        {
            "units": farm.units(),
            "crawl": {"retries": 2, "retry_backoff": 0.1, "retry_backoff_max": 1.0, "min_delay": 0},
        }
    )
