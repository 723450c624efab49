"""``freshwatch availability``: the same verdict lines as the notice's, over the rulebook's window."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import yaml

from freshwatch.storage import open_store
from tests.service import scenario
from tests.shell.conftest import run_cli


def test_availability_judges_by_the_verdict_rules_and_spares_closed_sites(tmp_path: Path) -> None:
    units = scenario.units()
    units[1]["sites"][0]["closed"] = True  # jyj filed a temporary closure
    config_file = tmp_path / "freshwatch.yaml"
    config_file.write_text(yaml.safe_dump({"units": units}, allow_unicode=True), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    cfg = scenario.config()
    store = open_store(url)
    try:
        scenario.probes_into(store, cfg, day=scenario.DAY)  # jyj fails 1 of 8 (12.5% >= 5%)
        scenario.probes_into(store, cfg, day=scenario.DAY - timedelta(days=7))  # outside the 7d window
    finally:
        store.dispose()
    day = scenario.DAY.isoformat()
    ran = run_cli("--config", str(config_file), "--db", url, "availability", "--to", day, "--json")
    assert ran.code == 0, ran.err
    sites = {s["unit"]: s for s in json.loads(ran.out)["sites"]}
    assert sites["jyj"]["failure_ratio"] == 0.125
    assert sites["jyj"]["verdict"] == "已报备临时关停（不计）"
    assert sites["hbfj"]["verdict"] == "正常" and sites["tjj"]["failure_ratio"] == 0

    units[1]["sites"][0]["closed"] = False
    config_file.write_text(yaml.safe_dump({"units": units}, allow_unicode=True), encoding="utf-8")
    ran = run_cli("--config", str(config_file), "--db", url, "availability", "--to", day, "--json")
    sites = {s["unit"]: s for s in json.loads(ran.out)["sites"]}
    assert sites["jyj"]["verdict"] == "不合格：站点无法访问"
    daily = json.loads(ran.out)["daily"]
    assert {d["period_start"] for d in daily} == {day}  # the default window is the rulebook's 7 days
    earlier = (scenario.DAY - timedelta(days=7)).isoformat()
    wide = run_cli(
        "--config", str(config_file), "--db", url, "availability", "--from", earlier, "--to", day, "--json"
    )
    assert {d["period_start"] for d in json.loads(wide.out)["daily"]} == {earlier, day}
    assert {s["unit"]: s for s in json.loads(wide.out)["sites"]}["jyj"][
        "failure_ratio"
    ] == 0.125  # still 7 days
    shown = run_cli("--config", str(config_file), "--db", url, "availability", "--to", day)
    assert shown.code == 0 and "近 7 天 失败率" in shown.out and "不合格：站点无法访问" in shown.out
