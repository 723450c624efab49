"""Write the labelled list-page corpus: pages/*.html (raw bytes, as served) and manifest.json.

Deterministic: the same code writes the same bytes, so the committed files can be checked against it.
Run from the repository root: ``python -m tests.corpus.build``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpus._gen import render, shells, specs

HERE = Path(__file__).resolve().parent
BOM = b"\xef\xbb\xbf"


def _traps(spec: render.Spec) -> list[str]:
    notes = [f"sidebar {h} carries newer dates" for h in spec.sidebars]
    notes += {
        "static": ["今天是 widget"],
        "stale": ["stale 今天是2021年3月4日"],
        "dashed": ["today's date in the top bar"],
        "js": ["script-built today widget"],
    }.get(spec.widget, [])
    flags = {
        "pinned": f"{spec.pinned} pinned item(s) with old dates on top",
        "typo": "one item dated after the crawl day (typo, its date is ignored)",
        "title_dates": "titles that contain dates",
        "migrated": f"{spec.migrated} items whose URL date is later than the shown date (shown date wins)",
        "summary_deadline": "the newest summary names a later deadline",
        "gen_meta": "meta 页面生成时间 of the crawl day",
        "last_update": "footer 本站最后更新 of the crawl day",
        "undated": "no date anywhere on the page or in the URLs",
    }
    notes += [text for name, text in flags.items() if getattr(spec, name)]
    style_notes = {
        "md": "MM-DD only: year inferred",
        "paren_md": "(MM-DD) only: year inferred",
        "none": "dates only in the article URLs",
        "cnnum": "二〇二六年 Chinese-numeral dates",
        "cnnum_o": "二○二六年 dates written with ○",
    }
    if spec.style in style_notes and not spec.undated:
        notes.append(style_notes[spec.style])
    if spec.declared is None:
        notes.append("no meta charset")
    return notes + list(spec.traps)


def _encode(text: str, codec: str, bom: bool) -> bytes:
    return (BOM if bom else b"") + text.encode(codec)


def _spec_entry(spec: render.Spec, verdict: str) -> tuple[dict[str, object], bytes]:
    items = render.entries(spec)
    dates = render.expected_dates(items)
    entry: dict[str, object] = {
        "id": spec.id,
        "file": f"pages/{spec.id}.html",
        "template": spec.template,
        "encoding": "utf-8-sig" if spec.bom else spec.encoding,
        "declared_charset": spec.declared,
        "url": spec.url,
        "today": spec.today.isoformat(),
        "expected": {
            "verdict": verdict,
            "latest_date": max(dates) if dates else None,
            "dates": dates,
            "item_count": len(items),
        },
        "traps": _traps(spec),
    }
    return entry, _encode(render.html(spec), spec.encoding, spec.bom)


def _shell_entry(shell: shells.Shell) -> tuple[dict[str, object], bytes]:
    entry: dict[str, object] = {
        "id": shell.id,
        "file": f"pages/{shell.id}.html",
        "template": shell.template,
        "encoding": shell.encoding,
        "declared_charset": shell.declared,
        "url": shell.url,
        "today": shell.today.isoformat(),
        "expected": {"verdict": "unreadable", "latest_date": None, "dates": [], "item_count": 0},
        "traps": list(shell.traps),
    }
    return entry, _encode(shell.build(shell.today), shell.encoding, False)


def build() -> list[tuple[dict[str, object], bytes]]:
    out = [_spec_entry(s, "ok") for s in specs.OK]
    out += [_spec_entry(s, "blank") for s in specs.BLANK]
    out += [_spec_entry(s, "undated") for s in specs.UNDATED]
    out += [_shell_entry(s) for s in shells.UNREADABLE]
    urls = [str(e["url"]) for e, _ in out]
    dupes = {u for u in urls if urls.count(u) > 1}
    if dupes:
        raise SystemExit(f"duplicate page URLs: {sorted(dupes)}")
    return out


def main() -> None:
    pages = HERE / "pages"
    pages.mkdir(exist_ok=True)
    built = build()
    for old in pages.glob("*.html"):
        old.unlink()
    for entry, raw in built:
        (HERE / str(entry["file"])).write_bytes(raw)
    manifest = {
        "conventions": {
            "dates": "dates of the main list's items in page order; an item whose shown date is after `today` "
            "(a typo) keeps its place in item_count but its date is left out",
            "latest_date": "max(dates); null when no item carries an acceptable date",
            "day": "the shown date wins over the URL date; dates only in URLs count when nothing is shown",
            "encoding": "codec of the stored bytes; declared_charset is what the page's meta says (null: none)",
        },
        "pages": [e for e, _ in built],
    }
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(built)} pages to {pages}")


if __name__ == "__main__":
    main()
