"""compose.yaml's ``scale`` profile: a broker, workers running ``freshwatch worker`` on the daemon's
database and config (nobody runs Docker here, so the file is read against itself)."""

from __future__ import annotations

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "compose.yaml"


def test_the_scale_profile_adds_a_broker_and_workers_sharing_the_daemons_database() -> None:
    services = yaml.safe_load(COMPOSE.read_text("utf-8"))["services"]
    scale = {name for name, spec in services.items() if "scale" in spec.get("profiles", [])}
    assert scale == {"broker", "worker"}
    worker, daemon = services["worker"], services["freshwatch"]
    assert worker["command"][-1] == "worker"
    assert worker["environment"] == daemon["environment"]
    assert {"db", "broker"} <= set(worker["depends_on"])
    assert worker["deploy"]["replicas"] >= 2
    broker = services["broker"]["environment"]
    hint = f"amqp://{broker['RABBITMQ_DEFAULT_USER']}:{broker['RABBITMQ_DEFAULT_PASS']}@broker:5672//"
    assert hint in COMPOSE.read_text("utf-8")
