"""The schedule from config: cron strings and short intervals, and how long a job may go without running."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import load_config
from freshwatch.config.models import ScheduleSettings
from freshwatch.config.schedule import parse_schedule
from freshwatch.daemon.scheduler import job_triggers, longest_gap

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 9, 15, tzinfo=SHANGHAI)


def test_default_schedule_is_crawl_at_two_probe_half_hourly_digest_at_eight_in_shanghai() -> None:
    triggers = job_triggers(ScheduleSettings())
    nxt = {name: t.get_next_fire_time(None, NOW) for name, t in triggers.items()}
    assert nxt["crawl"] == datetime(2026, 11, 27, 2, 0, tzinfo=SHANGHAI)
    assert nxt["probe"] == datetime(2026, 11, 26, 9, 30, tzinfo=SHANGHAI)
    assert nxt["digest"] == datetime(2026, 11, 27, 8, 0, tzinfo=SHANGHAI)
    assert nxt["digest"].utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("spec", "gap"),
    [
        ("0 2 * * *", timedelta(days=1)),
        ("*/30 * * * *", timedelta(minutes=30)),
        ("0 8 * * 1-5", timedelta(days=3)),  # Friday to Monday
        ("every 2s", timedelta(seconds=2)),
        ("every 90m", timedelta(minutes=90)),
    ],
)
def test_longest_gap_between_runs(spec: str, gap: timedelta) -> None:
    assert longest_gap(parse_schedule(spec, SHANGHAI), NOW) == gap


@pytest.mark.parametrize("spec", ["0 25 * * *", "every day", "every 0s", "* * *"])
def test_a_bad_schedule_names_the_key_and_what_is_allowed(spec: str, tmp_path: Path) -> None:
    path = tmp_path / "freshwatch.yaml"
    path.write_text(f'schedule: {{digest: "{spec}"}}\nunits: []\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == "schedule.digest"
    assert "cron" in str(caught.value) and spec in str(caught.value)
