"""The issue's accuracy bar, on the generated home pages (13 templates) and on the demo's 28 sites:
discovery finds >= 95% of the columns a person would register with the right list URL, and guesses the
category right for >= 90% of those it finds.  ``python -m bench discover`` prints the same figures."""

from __future__ import annotations

from datetime import date

import pytest

from freshwatch.app.discovery import Discovery, discover_site_sync
from freshwatch.config.column_words import load_column_words
from freshwatch.config.models import CrawlSettings
from freshwatch.demo.running import Farm
from tests.discovery import build
from tests.discovery.accuracy import Score, demo_cases, generated_cases, measure, total
from tests.discovery.farm import Served

FOUND_AT_LEAST = 0.95
CATEGORY_AT_LEAST = 0.90
SETTINGS = CrawlSettings(retries=0)


def _discover(home: str, today: date) -> Discovery:
    return discover_site_sync(home, settings=SETTINGS, today=today, words=load_column_words())


@pytest.fixture(scope="module")
def generated_score(generated_sites: list[Served]) -> Score:
    return total(measure(_discover, generated_cases(generated_sites)))


@pytest.fixture(scope="module")
def demo_score(demo_farm: Farm) -> Score:
    return total(measure(_discover, demo_cases(demo_farm)))


def test_the_committed_manifest_is_what_the_generator_writes() -> None:
    assert build.MANIFEST.read_text(encoding="utf-8") == build.render()


def test_the_generated_corpus_spans_at_least_ten_templates() -> None:
    assert len(build.manifest()["templates"]) >= 10  # type: ignore[arg-type]


def test_discovery_finds_the_generated_sites_columns(generated_score: Score) -> None:
    assert generated_score.found_ratio >= FOUND_AT_LEAST, generated_score.misses


def test_discovery_guesses_the_generated_sites_categories(generated_score: Score) -> None:
    assert generated_score.category_ratio >= CATEGORY_AT_LEAST, generated_score.wrong_category


def test_discovery_finds_the_demo_sites_columns(demo_score: Score) -> None:
    assert demo_score.columns == 28 * 4
    assert demo_score.found_ratio >= FOUND_AT_LEAST, demo_score.misses


def test_discovery_guesses_the_demo_sites_categories(demo_score: Score) -> None:
    assert demo_score.category_ratio >= CATEGORY_AT_LEAST, demo_score.wrong_category
