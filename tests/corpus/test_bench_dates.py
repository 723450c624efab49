"""The date benchmark runs end to end, writes its figures, and says clearly when the detector is missing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.__main__ import main as bench_main
from bench.dates import htmldate_reader, measure
from bench.pages import corpus_pages

REPO = Path(__file__).resolve().parents[2]


def test_htmldate_is_fooled_by_a_sidebar_and_the_bench_sees_it() -> None:
    pages = [p for p in corpus_pages() if p.id in ("trs_wcm_05", "gansu_shtml_03")]
    tally = measure(pages, {"h": htmldate_reader(True, False)}, repeats=2)["h"]
    assert set(tally.ms) == {p.id for p in pages} and all(ms > 0 for ms in tally.ms.values())
    assert tally.accuracy(pages) < 1.0  # both pages carry newer dates outside the list


def test_unknown_subcommand_is_rejected() -> None:
    assert bench_main(["nope"]) == 2


def test_missing_detector_is_reported_not_raised(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    code = (
        "import sys; sys.modules['freshwatch.detectors.listing'] = None\n"
        "from bench.__main__ import main\n"
        f"sys.exit(main(['dates', '--repeats', '1', '--no-realdata', '--json', {str(out)!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "检测器尚未就绪" in proc.stdout and "Traceback" not in proc.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["detector_accuracy"] is None
    assert 0.0 < figures["htmldate_accuracy"] < 1.0
    assert figures["pages"] == figures["corpus_pages"] >= 48
