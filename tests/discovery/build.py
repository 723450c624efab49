"""Write the discovery corpus' truth manifest: every generated site, its template, and the columns a person
would register on it.  Deterministic; ``test_corpus.py`` checks the committed manifest against the generator.

Run from the repository root: ``python -m tests.discovery.build``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.discovery.sites import build_sites

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"


def manifest() -> dict[str, object]:
    sites = build_sites()
    return {
        "conventions": {
            "path": "site-relative list URL as a person registers it (query and gkmlpt #CATID included)",
            "found": "a truth column is found when a proposed list page has the same URL (index.html and a "
            "trailing slash are one URL)",
            "category": "the category a person would register; judged among found columns",
        },
        "templates": sorted({s.template for s in sites}),
        "sites": [
            {
                "id": s.id,
                "template": s.template,
                "name": s.name,
                "encoding": s.encoding,
                "pages": len(s.routes),
                "notes": list(s.notes),
                "columns": [{"name": c.name, "path": c.path, "category": c.category} for c in s.truth],
            }
            for s in sites
        ],
    }


def render() -> str:
    return json.dumps(manifest(), ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    MANIFEST.write_text(render(), encoding="utf-8")
    print(f"wrote {MANIFEST}")


if __name__ == "__main__":
    main()
