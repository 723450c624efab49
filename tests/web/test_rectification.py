"""The rectification loop through the console: a unit claims, the next crawl checks; a unit
disputes, the office decides; the result shows in the table, explain, JSON, digest and audit."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from freshwatch import storage
from freshwatch.app.context import App
from freshwatch.app.rectification import verify_claims
from freshwatch.crawler.types import ErrorClass, LinkCheck, LinkKind
from freshwatch.notify.digest.compose import compose_digests
from freshwatch.notify.digest.render import render_digest
from freshwatch.storage import RectificationRecord
from freshwatch.storage.links import record_links
from freshwatch.web.server import create_app
from tests.shell.conftest import run_cli
from tests.web.conftest import OTHER_PASSWORD, csrf_of, login

DEMO_DAY = date(2018, 12, 31)


def _unit_client(console_app: App, name: str) -> TestClient:
    return login(TestClient(create_app(console_app), follow_redirects=False), name, OTHER_PASSWORD)


def _claim_links(console_app: App) -> list[str]:
    """hnkjy marks two of its broken links 已整改 through its own unit page."""
    client = _unit_client(console_app, "hnkjy")
    page = client.get("/unit/hnkjy").text
    urls = re.findall(r'name="kind" value="link">\s*<input type="hidden" name="target" value="([^"]+)"', page)
    assert len(urls) >= 2
    for url in urls[:2]:
        answer = client.post(
            "/unit/hnkjy/rectify",
            data={"kind": "link", "target": url, "note": "已删除该链接", "csrf": csrf_of(client)},
        )
        assert answer.status_code == 303
    assert client.get("/unit/hnkjy").text.count("已标记，待核验") == 2
    return urls[:2]


def _next_crawl(console_app: App, fixed: str, still: str) -> None:
    now = datetime.now(UTC)
    with console_app.store().session() as session:
        run_id = storage.start_run(session, started_at=now, units=["hnkjy"], holder="test")
        checks = [
            LinkCheck(fixed, LinkKind.page, 200, None),
            LinkCheck(still, LinkKind.page, 404, ErrorClass.http_4xx),
        ]
        record_links(session, run_id, "hnkjy", checks, checked_at=now)


@pytest.fixture(scope="module")
def settled(console_app: App) -> tuple[str, str, list[RectificationRecord]]:
    """hnkjy claims two links fixed; the next crawl finds one fixed and one still broken."""
    fixed, still = _claim_links(console_app)
    _next_crawl(console_app, fixed, still)
    found = verify_claims(
        console_app.store(),
        console_app.config(),
        console_app.rulebook(),
        unit_ids=["hnkjy"],
        today=DEMO_DAY,
        at=datetime.now(UTC),
    )
    return fixed, still, found


def test_the_next_crawl_closes_a_fixed_link_and_reopens_one_still_broken(
    settled: tuple[str, str, list[RectificationRecord]],
) -> None:
    fixed, still, found = settled
    by_target = {claim.target: claim for claim in found}
    assert (by_target[fixed].status, by_target[fixed].fixed_on) == ("fixed", DEMO_DAY)
    assert (by_target[still].status, by_target[still].fixed_on) == ("reopened", None)
    assert "仍然无法访问" in by_target[still].check_note


def test_a_reopened_claim_is_said_in_the_units_digest(
    console_app: App, settled: tuple[str, str, list[RectificationRecord]]
) -> None:
    claims = [claim for claim in settled[2] if claim.status == "reopened"]
    unit = console_app.config().unit("hnkjy")
    digests = compose_digests(
        day=DEMO_DAY,
        units=[unit],
        histories=[],
        new_warnings=[],
        reminders=[],
        new_broken_links=[],
        unavailable_sites=[],
        quarter_scores=None,
        send_empty=False,
        checked_claims=claims,
    )
    text = render_digest(digests[0]).text
    assert "整改核验结果" in text and "核验未通过，已重新打开" in text


def test_explain_and_json_show_the_rectifications(
    settled: tuple[str, str, list[RectificationRecord]], module_db: str
) -> None:
    explained = run_cli("--db", module_db, "score", "--quarter", "2018Q4", "--unit", "hnkjy", "--explain")
    assert "整改情况：" in explained.out and "已整改（核验通过）" in explained.out
    exported = json.loads(run_cli("--db", module_db, "score", "--quarter", "2018Q4", "--format", "json").out)
    unit = next(u for u in exported["units"] if u["unit"] == "hnkjy")
    assert sorted(r["status"] for r in unit["rectifications"]) == ["fixed", "reopened"]


def _score(client: TestClient, unit_id: str) -> str:
    row = re.search(
        rf'data-unit="{unit_id}">.*?<td class="num score">([^<]+)</td>',
        client.get("/?quarter=2018Q4").text,
        re.S,
    )
    assert row is not None
    return row.group(1)


def test_an_accepted_dispute_withdraws_the_deduction_and_changes_the_table(
    console_app: App, clients: dict[str, TestClient], module_db: str
) -> None:
    office, own = clients["office"], clients["own"]
    assert _score(office, "hbfj") == "93.50"
    entry = re.search(r'name="entry_id" value="(\d+)"', own.get("/unit/hbfj?quarter=2018Q4").text)
    assert entry is not None
    filed = own.post(
        "/unit/hbfj/dispute", data={"entry_id": entry.group(1), "reason": "已按期整改", "csrf": csrf_of(own)}
    )
    assert filed.status_code == 303
    dispute = re.search(r'action="/disputes/(\d+)/decide"', office.get("/deductions?quarter=2018Q4").text)
    assert dispute is not None
    decided = office.post(
        f"/disputes/{dispute.group(1)}/decide",
        data={"decision": "accept", "reason": "核实已整改", "csrf": csrf_of(office)},
    )
    assert decided.status_code == 303
    assert _score(office, "hbfj") == "95.0"
    assert "dispute.accept" in office.get("/audit").text
    exported = json.loads(run_cli("--db", module_db, "score", "--quarter", "2018Q4", "--format", "json").out)
    unit = next(u for u in exported["units"] if u["unit"] == "hbfj")
    assert unit["score_text"] == "95.0" and unit["disputes"][0]["status"] == "accepted"


def test_a_rejected_dispute_keeps_the_deduction(clients: dict[str, TestClient]) -> None:
    office, other = clients["office"], clients["other"]
    before = _score(office, "gtzyfj")
    entry = re.search(r'name="entry_id" value="(\d+)"', other.get("/unit/gtzyfj?quarter=2018Q4").text)
    assert entry is not None
    other.post(
        "/unit/gtzyfj/dispute", data={"entry_id": entry.group(1), "reason": "有异议", "csrf": csrf_of(other)}
    )
    dispute = re.search(r'action="/disputes/(\d+)/decide"', office.get("/deductions?quarter=2018Q4").text)
    assert dispute is not None
    office.post(
        f"/disputes/{dispute.group(1)}/decide",
        data={"decision": "reject", "reason": "证据充分", "csrf": csrf_of(office)},
    )
    assert _score(office, "gtzyfj") == before
    assert "已驳回" in office.get("/deductions?quarter=2018Q4").text


def test_the_docx_notice_has_a_rectification_paragraph(
    settled: tuple[str, str, list[RectificationRecord]], module_db: str, tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "notice.docx"
    ran = run_cli("--db", module_db, "score", "--quarter", "2018Q4", "--format", "docx", "--out", str(out))
    assert ran.code == 0, ran.err
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "（整改情况）各单位标记已整改 2 项，经复查已整改 1 项、未整改 1 项" in text
    assert "复查未通过的单位：惠南科技园" in text
