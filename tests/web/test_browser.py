"""The console in a real browser: Debian's chromium driven by Playwright (never `playwright install`).

The office's table equals ``score --format json``; a unit sees only itself and marks a broken link
已整改; a unit disputes a deduction, the office accepts, the table changes.  Screenshots of the main
pages are saved under tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from freshwatch.app.context import App
from freshwatch.web.server import create_app
from tests.shell.conftest import run_cli
from tests.web.conftest import OTHER_PASSWORD, Demo

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

if shutil.which(CHROMIUM) is None:  # .ci/run installs it; a developer without it is told so
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(console_app: App) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(console_app), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _signed_in(browser: Browser, base_url: str, name: str, password: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{base_url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _table_scores(page: Page) -> dict[str, str]:
    rows = page.locator("#scores tbody tr")
    return {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i).locator("td.score").inner_text()
        for i in range(rows.count())
    }


def test_the_office_sees_the_quarter_as_score_prints_it(
    browser: Browser, base_url: str, console_demo: Demo, module_db: str
) -> None:
    page = _signed_in(browser, base_url, "office", console_demo.passwords["office"])
    expect(page.locator("h1")).to_contain_text("总览 · 2018Q4")
    _shot(page, "01-overview")
    exported = json.loads(run_cli("--db", module_db, "score", "--quarter", "2018Q4", "--format", "json").out)
    assert _table_scores(page) == {unit["name"]: unit["score_text"] for unit in exported["units"]}
    for path, name in (
        ("/unit/hbfj", "02-unit"),
        ("/links", "04-links"),
        ("/deductions", "05-deductions"),
        ("/reports", "06-reports"),
        ("/runs", "07-runs"),
    ):
        page.goto(base_url + path)
        _shot(page, name)
    page.goto(base_url + "/unit/hbfj")
    page.click("text=规划计划")
    expect(page.locator("h1")).to_contain_text("规划计划")
    _shot(page, "03-column")


def test_a_unit_sees_only_itself_and_marks_a_broken_link_fixed(browser: Browser, base_url: str) -> None:
    page = _signed_in(browser, base_url, "hnkjy", OTHER_PASSWORD)
    assert page.url.endswith("/unit/hnkjy")
    expect(page.locator("nav")).not_to_contain_text("总览")
    page.goto(base_url + "/links")
    units = set(page.locator("#links tbody tr td:first-child").all_inner_texts())
    assert units == {"惠南科技园"}
    page.goto(base_url + "/unit/hnkjy")
    form = page.locator("form:has(input[name=kind][value=link])").first
    form.locator("input[name=note]").fill("已删除失效链接")
    form.locator("button").click()
    expect(page.locator(".notice")).to_contain_text("已标记为已整改")
    expect(page.locator("text=已标记，待核验").first).to_be_visible()
    _shot(page, "08-unit-rectified")
    page.goto(base_url + "/unit/hbfj")
    expect(page.locator(".error")).to_contain_text("无权访问")


def test_a_dispute_accepted_by_the_office_changes_the_table(
    browser: Browser, base_url: str, console_demo: Demo
) -> None:
    unit = _signed_in(browser, base_url, "hbfj", console_demo.passwords["hbfj"])
    form = unit.locator("form[action='/unit/hbfj/dispute']").first
    form.locator("input[name=reason]").fill("该栏目已于 12 月 10 日更新")
    form.locator("button").click()
    expect(unit.locator(".notice")).to_contain_text("申诉已提交")
    office = _signed_in(browser, base_url, "office", console_demo.passwords["office"])
    assert _table_scores(office)["区环保分局"] == "93.50"
    office.goto(base_url + "/deductions")
    decide = office.locator("form[action^='/disputes/']").first
    decide.locator("input[name=reason]").fill("核实已整改")
    _shot(office, "09-dispute-open")
    decide.locator("button[value=accept]").click()
    expect(office.locator(".notice")).to_contain_text("申诉已处理")
    office.goto(base_url + "/")
    assert _table_scores(office)["区环保分局"] == "95.0"
    _shot(office, "10-overview-after")
