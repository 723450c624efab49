"""The planted corpus crawled for real (127.0.0.1 server, SQLite store): every planted problem is
found, no look-alike is, and no output or database row holds a full personal number."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from freshwatch.cli.main import main
from freshwatch.config.models import Config
from freshwatch.storage import Store, open_findings, open_store, sqlite_url
from tests.content_corpus import FULL_NUMBERS, expected, observed
from tests.content_corpus.crawl import corpus_config, corpus_config_data, crawl_corpus, routes
from tests.crawler.server import MockServer


@dataclass
class Crawled:
    server: MockServer
    store: Store
    db_path: Path
    config_path: Path


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    folder = tmp_path_factory.mktemp("corpus")
    with MockServer(routes()) as server:
        db_path = folder / "store.db"
        store = open_store(sqlite_url(db_path))
        config_path = folder / "freshwatch.yaml"
        config_path.write_text(yaml.safe_dump(corpus_config_data(server.origin), allow_unicode=True), "utf-8")
        crawl_corpus(corpus_config(server.origin), store)
        yield Crawled(server, store, db_path, config_path)
        store.dispose()


def findings(crawled: Crawled) -> set:
    with crawled.store.session() as session:
        return observed(open_findings(session), crawled.server.origin)


def cli(crawled: Crawled, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(["--config", str(crawled.config_path), "--db", sqlite_url(crawled.db_path), *args])
    assert code == 0
    return capsys.readouterr().out


def assert_masked(text: str) -> None:
    leaked = [n for n in FULL_NUMBERS if n in text]
    assert leaked == []


def test_every_planted_problem_is_found(crawled: Crawled) -> None:
    assert expected() - findings(crawled) == set()


def test_no_lookalike_is_found(crawled: Crawled) -> None:
    assert findings(crawled) - expected() == set()


def test_database_rows_hold_no_full_number(crawled: Crawled) -> None:
    with sqlite3.connect(crawled.db_path) as connection:
        assert_masked("\n".join(connection.iterdump()))


def test_cli_table_holds_no_full_number(crawled: Crawled, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(crawled, capsys, "findings")
    assert "440103********1236" in out
    assert_masked(out)


def test_cli_json_has_the_fields_and_no_full_number(
    crawled: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli(crawled, capsys, "findings", "--json", "--kind", "privacy")
    objects = json.loads(out)
    assert {o["kind"] for o in objects} == {"privacy"}
    fields = {
        "unit",
        "kind",
        "level",
        "url",
        "context",
        "masked",
        "suggestion",
        "days_late",
        "first_seen",
        "last_seen",
    }
    assert all(fields <= set(o) for o in objects)
    assert_masked(out)


def test_cli_json_gives_days_late_of_interpretations(
    crawled: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    objects = json.loads(
        cli(crawled, capsys, "findings", "--json", "--kind", "interpretation", "--unit", "corpus")
    )
    assert sorted(o["days_late"] for o in objects) == [1, 1, 19]


def test_second_crawl_asks_attachments_conditionally_and_keeps_findings(crawled: Crawled) -> None:
    before = findings(crawled)
    conditional: list[str] = []
    for path, handler in list(crawled.server.routes.items()):
        if callable(handler):  # the attachments: the very bodies (and ETags) of the first crawl

            def counting(request, handler=handler, path=path):  # type: ignore[no-untyped-def]
                reply = handler(request)
                if reply.status == 304:
                    conditional.append(path)
                return reply

            crawled.server.routes[path] = counting
    crawl_corpus(corpus_config(crawled.server.origin), crawled.store)
    assert sorted(conditional) == sorted(p for p in routes() if p.startswith("/files/"))
    assert findings(crawled) == before


def test_content_checks_can_be_switched_off(tmp_path: Path) -> None:
    with MockServer(routes()) as server:
        store = open_store(sqlite_url(tmp_path / "off.db"))
        crawl_corpus(corpus_config(server.origin, enabled=False), store)
        with store.session() as session:
            assert open_findings(session) == []
        store.dispose()


def test_explain_lists_report_only_findings_masked(
    crawled: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli(crawled, capsys, "score", "--quarter", "2024Q4", "--explain", "--unit", "corpus")
    assert "仅报告，不扣分" in out and "138****5678" in out
    assert_masked(out)


def test_json_export_carries_findings_masked(crawled: Crawled, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(crawled, capsys, "score", "--quarter", "2024Q4", "--format", "json")
    [unit] = json.loads(out)["units"]
    assert {f["kind"] for f in unit["findings"]} == {"privacy", "typo", "interpretation", "consultation"}
    assert_masked(out)


def test_digest_gives_the_unit_its_findings_masked(
    crawled: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli(crawled, capsys, "digest", "--date", "2024-12-20", "--dry-run")
    assert "新发现的内容问题：个人信息泄露" in out and "441302********108X" in out
    assert_masked(out)


def test_docx_notice_names_the_problems_without_numbers(
    crawled: Crawled, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import docx

    target = tmp_path / "notice.docx"
    cli(crawled, capsys, "score", "--quarter", "2024Q4", "--format", "docx", "--out", str(target))
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "个人信息保护不到位" in text and "政策解读不及时" in text
    assert_masked(text)


def test_site_without_interpretation_column_or_items_is_not_checked(tmp_path: Path) -> None:
    """Its interpretations may live on another platform: register the column to check it."""
    with MockServer(routes()) as server:
        data = corpus_config_data(server.origin)
        site = data["units"][0]["sites"][0]
        site["columns"] = [c for c in site["columns"] if c["category"] != "interpretation"]
        store = open_store(sqlite_url(tmp_path / "noi.db"))
        crawl_corpus(Config.model_validate(data), store)
        with store.session() as session:
            kinds = {f.kind for f in open_findings(session)}
        store.dispose()
    assert "interpretation" not in kinds and "privacy" in kinds
