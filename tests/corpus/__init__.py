"""The labelled list-page corpus: a loader over manifest.json and a decoder that reads bytes as the crawler does.

Pages are written by ``build.py`` (``python -m tests.corpus.build``); the raw bytes are committed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
MANIFEST = CORPUS_DIR / "manifest.json"

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# GB2312 and GBK pages use GBK-only characters all the time; GB18030 is their superset.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
}


@dataclass(frozen=True, slots=True)
class CorpusPage:
    id: str
    path: Path
    template: str
    encoding: str
    url: str
    today: date
    verdict: str  # ok | blank | undated | unreadable
    latest_date: date | None
    dates: tuple[date, ...]


def load_corpus(manifest: Path = MANIFEST) -> list[CorpusPage]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    pages = []
    for entry in data["pages"]:
        exp = entry["expected"]
        latest = exp["latest_date"]
        pages.append(
            CorpusPage(
                id=entry["id"],
                path=manifest.parent / entry["file"],
                template=entry["template"],
                encoding=entry["encoding"],
                url=entry["url"],
                today=date.fromisoformat(entry["today"]),
                verdict=exp["verdict"],
                latest_date=date.fromisoformat(latest) if latest else None,
                dates=tuple(date.fromisoformat(d) for d in exp["dates"]),
            )
        )
    return pages


def declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """BOM first, then the declared charset (header, else meta); GB names widen to GB18030.

    A page that declares a GB charset but whose bytes are valid UTF-8 is UTF-8: pages re-saved by tools keep
    the old meta (real case: the CFDA list in ../shared/realdata). GBK text is practically never valid UTF-8.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    charset = (declared or declared_charset(raw) or "").lower()
    codec = _SUPERSETS.get(charset, charset)
    if not codec or codec == "gb18030":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            codec = "gb18030"
    try:
        return raw.decode(codec, errors="replace")
    except LookupError:  # an unknown charset name: browsers fall back too
        return raw.decode("utf-8", errors="replace")


def decode(path: Path | str) -> str:
    return decode_bytes(Path(path).read_bytes())
