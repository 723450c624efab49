"""Structured logs: one JSON object per line with extra fields; text keeps the extras too."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from freshwatch.app.logs import setup_logging


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_carry_extra_fields_and_chinese_unescaped(restore_root: None) -> None:
    stream = io.StringIO()
    setup_logging(fmt="json", stream=stream)
    log = logging.getLogger("freshwatch.daemon.scheduler")
    log.info("job finished", extra={"job": "crawl", "ok": True, "unit": "区环保分局"})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("job failed", extra={"job": "probe"})
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (
        first["msg"] == "job finished"
        and first["level"] == "INFO"
        and first["logger"] == "freshwatch.daemon.scheduler"
    )
    assert (first["job"], first["ok"], first["unit"]) == ("crawl", True, "区环保分局")
    assert first["ts"].endswith("+00:00")
    assert "区环保分局" in stream.getvalue()
    assert second["level"] == "ERROR" and second["job"] == "probe" and "RuntimeError: boom" in second["exc"]


def test_text_format_appends_extras_and_quiets_request_logs(restore_root: None) -> None:
    stream = io.StringIO()
    setup_logging(fmt="text", stream=stream)
    logging.getLogger("freshwatch.notify.digest").info("digest sent", extra={"day": "2026-11-26"})
    logging.getLogger("httpx").info("HTTP Request: GET http://127.0.0.1/")
    output = stream.getvalue()
    assert "INFO freshwatch.notify.digest: digest sent day=2026-11-26" in output
    assert "HTTP Request" not in output
    assert not output.lstrip().startswith("{")
