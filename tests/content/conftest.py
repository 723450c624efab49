"""The content checks' scanner built from the shipped lists, as a crawl builds it."""

from __future__ import annotations

import pytest

from freshwatch.app.content_checks import build_scanner
from freshwatch.config.models import Config
from freshwatch.detectors.content_scan import ContentScanner
from tests.content_corpus import LEADERS


@pytest.fixture(scope="session")
def scanner() -> ContentScanner:
    return build_scanner(Config.model_validate({"units": [], "leaders": LEADERS}), b"test-salt")
