"""Where the benchmarks keep their generated farms and scratch files (``bench/out``, not committed)."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.farmgen import FarmSpec, generate

OUT = Path(__file__).resolve().parent / "out"


def farm(spec: FarmSpec) -> tuple[Path, dict[str, Any]]:
    """The farm's folder and truth, generated once per shape (the port is baked into the truth URLs)."""
    folder = OUT / f"farm-{spec.sites}x{spec.pages}-{spec.port}"
    truth_file = folder / "truth.json"
    if truth_file.exists():
        truth: dict[str, Any] = json.loads(truth_file.read_text())
        return folder, truth
    return folder, generate(spec, folder)


# outside the repository: copies of the packages must not meet mypy, ruff or pytest
SNAPSHOTS = Path(tempfile.gettempdir()) / "freshwatch-bench-snapshots"
PACKAGES = ("freshwatch", "crawler", "detectors", "scoring", "storage", "config")
REPO = Path(__file__).resolve().parents[1]


def snapshot() -> tuple[Path, str]:
    """Freeze the project's packages for the whole benchmark, and a digest naming that code.

    The project changes while a long benchmark runs; each freshwatch run is a new process, so
    without this the three runs could measure three different crawlers.  The copy goes first on
    PYTHONPATH (before the editable install's finder) in the installed shape: the layers inside
    ``freshwatch/`` (a copy beside it left ``freshwatch.crawler`` to the editable finder, that is
    to the live checkout).
    """
    digest = hashlib.sha256(b"installed shape\0")
    for package in PACKAGES:
        for file in sorted((REPO / package).rglob("*.py")):
            digest.update(str(file.relative_to(REPO)).encode() + b"\0" + file.read_bytes())
    name = digest.hexdigest()[:12]
    target = SNAPSHOTS / name
    if not target.exists():
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        staging = target.with_suffix(".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        for package in PACKAGES:
            inside = staging / "freshwatch" / package if package != "freshwatch" else staging / package
            shutil.copytree(REPO / package, inside, ignore=shutil.ignore_patterns("__pycache__"))
        staging.rename(target)
    return target, name
