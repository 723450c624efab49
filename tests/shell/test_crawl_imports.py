"""A crawl carries only what a crawl needs: its peak memory counts every module it imports.

The exports (xlsx, docx), the chat channels (apprise), the web console and the task queue are loaded
by the commands that use them, never by ``freshwatch crawl``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.crawler.server import MockServer, Reply, html

NOT_FOR_A_CRAWL = ("openpyxl", "docx", "apprise", "starlette", "jinja2", "uvicorn", "celery", "kombu")

_RUN_AND_LIST = """
import json, sys
from freshwatch.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def test_a_crawl_imports_no_export_channel_console_or_queue_module(tmp_path: Path) -> None:
    routes = {"/": Reply(200, html("<a href='/a.html'>一</a>", "首页")), "/a.html": Reply(200, html("正文"))}
    with MockServer(routes) as server:
        config = tmp_path / "freshwatch.yaml"
        config.write_text(
            "units:\n  - id: u\n    name: 单位\n    sites:\n"
            f"      - home: {server.url('/')}\n        columns: []\n",
            encoding="utf-8",
        )
        argv = ["--config", str(config), "--db", f"sqlite:///{tmp_path / 'fw.db'}", "crawl", "--json"]
        done = subprocess.run(
            [sys.executable, "-c", _RUN_AND_LIST, *argv], capture_output=True, text=True, timeout=120
        )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0 and server.hits("/a.html") == 1  # a real crawl ran
    assert [name for name in NOT_FOR_A_CRAWL if name in report["modules"]] == []
