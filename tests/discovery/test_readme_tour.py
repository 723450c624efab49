"""The README's registration tour, run as written against the demo farm: a sheet of home pages, then
import-units, discover --write and check-config, ends in a config whose every column checks out."""

from __future__ import annotations

import shlex
from pathlib import Path

from freshwatch.config.loader import load_config
from freshwatch.demo.running import Farm
from tests.shell.conftest import run_cli
from tests.shell.test_docs import README, code_blocks, commands

README_PORTS = {"http://127.0.0.1:8101": "djkjy", "http://127.0.0.1:8102": "hnkjy"}


def _tour_blocks() -> tuple[str, list[str]]:
    blocks = [
        b
        for b in code_blocks(README.read_text(encoding="utf-8"))
        if b.section.startswith("A five-minute tour")
    ]
    sheet = next(b.body for b in blocks if b.lang == "csv")
    shell = next(b for b in blocks if b.lang == "sh" and "import-units" in b.body)
    return sheet, commands(shell)


def _on_farm(text: str, farm: Farm) -> str:
    for readme_origin, unit in README_PORTS.items():
        text = text.replace(readme_origin, farm.origins[unit])
    return text


def test_the_readme_tour_goes_from_a_sheet_to_a_checked_config(demo_farm: Farm, no_config: Path) -> None:
    sheet, lines = _tour_blocks()
    (no_config / "sites.csv").write_text(_on_farm(sheet, demo_farm), encoding="utf-8")
    assert [shlex.split(line, comments=True)[1] for line in lines] == [
        "import-units",
        "discover",
        "check-config",
    ]
    for line in lines:
        argv = shlex.split(line, comments=True)[1:]
        ran = run_cli(*argv)
        assert ran.code == 0, f"{line}\n{ran.out}\n{ran.err}"
    config = load_config(no_config / "freshwatch.yaml")
    assert [u.id for u in config.units] == ["4413000041", "4413000042"]
    truth = demo_farm.truth
    for unit, unit_id in zip(config.units, README_PORTS.values(), strict=True):
        expected = {(c.column, c.url, c.category) for c in truth.unit(unit_id).columns}
        assert {(c.name, c.url, c.category.value) for c in unit.sites[0].columns} == expected
