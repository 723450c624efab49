"""The labelled corpus in tests/corpus, read exactly: verdict, item count, dates in order, latest date."""

from __future__ import annotations

import json

import pytest

from freshwatch.detectors import ListVerdict, explain_list, parse_page, read_list
from tests.corpus import MANIFEST, CorpusPage, decode, load_corpus

PAGES = load_corpus() if MANIFEST.exists() else []
COUNTS = (
    {e["id"]: e["expected"].get("item_count") for e in json.loads(MANIFEST.read_text("utf-8"))["pages"]}
    if MANIFEST.exists()
    else {}
)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_corpus_page(page: CorpusPage) -> None:
    reading = read_list(parse_page(decode(page.path), page.url), today=page.today)
    assert reading.verdict is ListVerdict(page.verdict), reading.reason
    assert tuple(i.published for i in reading.items if i.published is not None) == page.dates
    assert reading.latest == page.latest_date
    if COUNTS.get(page.id) is not None:
        assert len(reading.items) == COUNTS[page.id]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_explain_works_on_corpus_pages(page: CorpusPage) -> None:
    lines = explain_list(parse_page(decode(page.path), page.url), today=page.today).lines()
    assert lines[0].startswith("页面：") and any(line.startswith("结论：") for line in lines)
