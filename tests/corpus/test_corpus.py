"""The corpus is what the manifest says: committed bytes match the generator, labels are consistent."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.corpus import MANIFEST, CorpusPage, declared_charset, decode, decode_bytes, load_corpus
from tests.corpus.build import build

PAGES = load_corpus()
RAW = json.loads(MANIFEST.read_text(encoding="utf-8"))["pages"]


def test_committed_files_match_the_generator() -> None:
    built = {str(entry["file"]): raw for entry, raw in build()}
    assert [e["file"] for e in RAW] == list(built)
    for entry in RAW:
        path = MANIFEST.parent / entry["file"]
        assert path.read_bytes() == built[entry["file"]], (
            f"{path.name} differs: rerun python -m tests.corpus.build"
        )


def test_corpus_meets_the_brief() -> None:
    ok = [p for p in PAGES if p.verdict == "ok"]
    assert len(ok) >= 48
    assert len({p.template for p in ok}) >= 10
    assert sum(p.verdict == "blank" for p in PAGES) >= 4
    assert sum(p.verdict == "unreadable" for p in PAGES) >= 4
    assert len({p.id for p in PAGES}) == len(PAGES) == len({p.url for p in PAGES})
    assert {p.encoding for p in PAGES} >= {"utf-8", "utf-8-sig", "gbk", "gb2312", "gb18030"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_labels_are_consistent(page: CorpusPage) -> None:
    assert page.url.startswith("http://127.0.0.1/")
    assert all(d <= page.today for d in page.dates)
    if page.verdict == "ok":
        assert page.dates and page.latest_date == max(page.dates)
    else:
        assert page.latest_date is None and page.dates == ()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_pages_decode_cleanly(page: CorpusPage) -> None:
    text = decode(page.path)
    assert "\ufffd" not in text
    assert "</html>" in text.lower()
    raw = page.path.read_bytes()
    if page.encoding in ("gbk", "gb2312", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_new_year_lists_cross_the_year() -> None:
    crossing = [
        p
        for p in PAGES
        if p.dates
        and p.latest_date
        and p.latest_date.month == 1
        and min(p.dates).year < p.latest_date.year
        and p.today.month == 1
    ]
    assert len(crossing) >= 2


def test_decoder_rules() -> None:
    gbk = '<meta charset="gb2312"><p>王堃</p>'.encode("gbk")
    assert "王堃" in decode_bytes(gbk)  # gb2312 widened to gb18030
    utf8_under_gb = '<meta charset="gb2312"><p>王堃</p>'.encode()
    assert "王堃" in decode_bytes(utf8_under_gb)
    assert decode_bytes(b"\xef\xbb\xbf<p>\xe4\xb8\xad</p>") == "<p>中</p>"
    assert "中文" in decode_bytes("<p>中文</p>".encode("gbk"))  # no meta, not UTF-8: GB18030
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">') == "gbk"


def test_loader_types() -> None:
    page = next(p for p in PAGES if p.id == "county_list_03")
    assert page.today == date(2026, 1, 8)
    assert page.latest_date == date(2026, 1, 6)
    assert page.dates[-1].year == 2025
