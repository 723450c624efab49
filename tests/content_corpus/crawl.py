"""The corpus site served on 127.0.0.1 and crawled by the real crawler into a real store."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from freshwatch.app.clock import Clock
from freshwatch.app.crawl_job import run_crawl
from freshwatch.config.models import Config
from freshwatch.crawler.run import CrawlSummary
from freshwatch.storage import Store
from tests.content_corpus import COLUMNS, LEADERS, NOT_INTERPRETABLE, TODAY, site
from tests.crawler.server import Handler, Reply, Request

CRAWL_AT = datetime(TODAY.year, TODAY.month, TODAY.day, 3, tzinfo=UTC)


def routes() -> dict[str, Reply | Handler]:
    """Every corpus path; attachments carry an ETag and answer 304 to a matching If-None-Match."""
    served: dict[str, Reply | Handler] = {}
    for path, (body, content_type) in site().items():
        if content_type.startswith("text/html"):
            served[path] = Reply(200, body, content_type)
            continue
        etag = f'"{len(body)}-{path.rsplit("/", 1)[-1]}"'

        def attachment(
            request: Request, body: bytes = body, content_type: str = content_type, etag: str = etag
        ) -> Reply:
            if request.headers.get("if-none-match") == etag:
                return Reply(304, b"", content_type, headers={"ETag": etag})
            return Reply(200, body, content_type, headers={"ETag": etag})

        served[path] = attachment
    return served


def corpus_config(origin: str, **content: Any) -> Config:
    return Config.model_validate(corpus_config_data(origin, **content))


def corpus_config_data(origin: str, **content: Any) -> dict[str, Any]:
    """The config as a file would hold it (tests write it out as YAML for the CLI)."""
    return {
        "units": [
            {
                "id": "corpus",
                "name": "语料区政府",
                "sites": [
                    {
                        "home": f"{origin}/index.html",
                        "columns": [
                            {"name": name, "url": f"{origin}{path}", "category": category}
                            for name, path, category in COLUMNS
                        ],
                    }
                ],
            }
        ],
        "leaders": LEADERS,
        "content": {"not_interpretable": [origin + p for p in NOT_INTERPRETABLE], **content},
        "crawl": {"retries": 0, "check_external": False},
    }


def crawl_corpus(config: Config, store: Store) -> CrawlSummary:
    return asyncio.run(run_crawl(config, store, today=TODAY, clock=Clock.simulated(CRAWL_AT)))
