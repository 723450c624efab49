"""The pages the date benchmark reads: the labelled corpus and the list pages of ../shared/realdata."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.corpus import decode, decode_bytes, load_corpus

REPO = Path(__file__).resolve().parents[1]
# realdata records no crawl day; every item there is older than this, so it only bounds "future" dates.
REALDATA_TODAY = date(2026, 11, 26)
_URL = re.compile(r"https?://[^\s()]+")


@dataclass(frozen=True, slots=True)
class BenchPage:
    id: str
    source: str  # corpus | realdata
    url: str
    today: date
    text: str  # decoded once, outside the timed region, as the crawler hands it over
    latest: date | None
    verdict: str  # ok | blank | undated | unreadable
    dates: tuple[date, ...]


def corpus_pages() -> list[BenchPage]:
    return [
        BenchPage(
            id=p.id,
            source="corpus",
            url=p.url,
            today=p.today,
            text=decode(p.path),
            latest=p.latest_date,
            verdict=p.verdict,
            dates=p.dates,
        )
        for p in load_corpus()
    ]


def realdata_dir() -> Path | None:
    for candidate in (
        os.environ.get("FRESHWATCH_REALDATA"),
        REPO.parent / "shared" / "realdata",
        "/work/shared/realdata",
    ):
        if candidate and (Path(candidate) / "manifest.json").exists():
            return Path(candidate)
    return None


def _page_url(entry: dict[str, object], file: str) -> str:
    match = _URL.search(str(entry.get("original_url") or ""))
    return match.group(0) if match else f"http://127.0.0.1/realdata/{Path(file).stem}.html"


def realdata_pages(root: Path | None = None) -> list[BenchPage]:
    """List pages and shells (every entry with an expected latest_date); articles are another benchmark."""
    root = root or realdata_dir()
    if root is None:
        return []
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    pages = []
    for entry in manifest["entries"]:
        expected = entry["expected"]
        if "latest_date" not in expected:
            continue
        latest = expected["latest_date"]
        pages.append(
            BenchPage(
                id=Path(entry["file"]).stem,
                source="realdata",
                url=_page_url(entry, entry["file"]),
                today=REALDATA_TODAY,
                text=decode_bytes((root / entry["file"]).read_bytes()),
                latest=date.fromisoformat(latest) if latest else None,
                verdict="ok" if latest else "unreadable",
                dates=tuple(date.fromisoformat(d) for d in expected.get("dates", [])),
            )
        )
    return pages
