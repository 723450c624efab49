"""The crawl benchmark's own pieces: the farm it serves, the config it crawls, the rulers it reads."""

from __future__ import annotations

import json
from pathlib import Path

from bench.farmgen import FarmSpec, freshwatch_config, generate
from bench.nginx import Served
from bench.profile import summarise
from freshwatch.config.loader import load_config


def test_farm_truth_matches_the_files(tmp_path: Path) -> None:
    spec = FarmSpec(sites=2, pages=60, port=8999)
    truth = generate(spec, tmp_path)
    assert truth == json.loads((tmp_path / "truth.json").read_text())
    assert truth["pages"] == len(truth["page_urls"]) == len(set(truth["page_urls"]))
    for url in truth["page_urls"]:
        host_path = url.removeprefix("http://").replace(":8999", "")
        file = tmp_path / "sites" / (host_path + "index.html" if host_path.endswith("/") else host_path)
        assert file.is_file(), url
    assert len(truth["broken"]) == spec.sites * spec.broken_per_site
    for url in truth["broken"]:
        assert not (tmp_path / "sites" / url.removeprefix("http://").replace(":8999", "")).exists()


def test_config_covers_every_site_with_the_benchmark_limits(tmp_path: Path) -> None:
    spec = FarmSpec(sites=3, pages=40, port=8999)
    path = tmp_path / "fw.yaml"
    path.write_text(freshwatch_config(spec, per_host=64), encoding="utf-8")
    config = load_config(path)
    assert [u.sites[0].home for u in config.units] == [f"http://127.0.1.{k}:8999/" for k in (1, 2, 3)]
    assert config.crawl.per_host == 64 and config.crawl.depth == 3 and not config.crawl.check_external


def test_served_counts_pages_repeats_and_connections() -> None:
    log = [
        "GET 127.0.1.1 / 200 1",
        "GET 127.0.1.1 /gzdt/index.html 200 1",
        "HEAD 127.0.1.1 /gzdt/files/P1.pdf 200 2",
        "GET 127.0.1.1 /gzdt/t_dead.html 404 2",
        "GET 127.0.1.1 /gzdt/t_dead.html 404 3",
    ]
    served = Served.from_lines(log)
    assert (served.requests, served.distinct_urls, served.pages, served.repeated, served.connections) == (
        5,
        4,
        2,
        1,
        3,
    )
    assert served.page_urls == {"127.0.1.1/", "127.0.1.1/gzdt/index.html"}


def test_profile_shares_own_and_inclusive(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "main (freshwatch/cli.py:3);fetch (crawler/fetch.py:10) 3\n"
        "main (freshwatch/cli.py:3);parse_page (detectors/page.py:26) 1\n",
        encoding="utf-8",
    )
    profile = summarise(raw)
    assert profile.samples == 4
    assert profile.own[0].frame == "fetch (crawler/fetch.py)" and profile.own[0].own == 0.75
    assert profile.total[0].frame == "main (freshwatch/cli.py)" and profile.total[0].total == 1.0
    assert profile.by_area == {"crawler": 0.75, "detectors": 0.25}
