"""The detector functions the crawl calls, gathered in one frozen value.

The crawl reads lists, articles, home pages and list endpoints through these pure functions; a
test (or a tool such as ``explain``) may hand in others with the same signatures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from freshwatch.config.models import ListOverride
from freshwatch.detectors.article import read_article_date
from freshwatch.detectors.endpoints import read_endpoint
from freshwatch.detectors.home import read_home
from freshwatch.detectors.listing import read_list, with_article_dates
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import ArticleDate, ListReading

__all__ = ["Readers", "default_readers"]


@dataclass(frozen=True, slots=True)
class Readers:
    read_list: Callable[..., ListReading]  # (page, *, today, override=None)
    with_article_dates: Callable[[ListReading, dict[str, ArticleDate]], ListReading]
    read_article_date: Callable[..., ArticleDate]  # (page, *, today)
    read_home: Callable[..., ListReading]  # (page, *, today)
    read_endpoint: Callable[..., ListReading]  # (text, url, *, today)

    def list_page(self, page: Page, *, today: date, override: ListOverride | None) -> ListReading:
        return self.read_list(page, today=today, override=override)

    def article(self, page: Page, *, today: date) -> ArticleDate:
        return self.read_article_date(page, today=today)

    def home(self, page: Page, *, today: date) -> ListReading:
        return self.read_home(page, today=today)

    def endpoint(self, text: str, url: str, *, today: date) -> ListReading:
        return self.read_endpoint(text, url, today=today)


def default_readers() -> Readers:
    """The project's detectors."""
    return Readers(
        read_list=read_list,
        with_article_dates=with_article_dates,
        read_article_date=read_article_date,
        read_home=read_home,
        read_endpoint=read_endpoint,
    )
