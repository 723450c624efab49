"""Pure detectors: a parsed page (or an endpoint's text) and the crawl day in, frozen values out.

No I/O and no clock: ``today`` is always an argument.
"""

from freshwatch.detectors._pager import page_number
from freshwatch.detectors.article import read_article_date
from freshwatch.detectors.dates import date_from_url, parse_date_text, validate
from freshwatch.detectors.endpoints import read_endpoint
from freshwatch.detectors.explain import CandidateList, Explanation, explain_list
from freshwatch.detectors.home import read_home
from freshwatch.detectors.listing import read_list, with_article_dates
from freshwatch.detectors.page import Page, parse_page
from freshwatch.detectors.types import (
    ArticleDate,
    DateHit,
    DateSource,
    Item,
    ListReading,
    ListVerdict,
    RejectedDate,
)

__all__ = [
    "ArticleDate",
    "CandidateList",
    "DateHit",
    "DateSource",
    "Explanation",
    "Item",
    "ListReading",
    "ListVerdict",
    "Page",
    "RejectedDate",
    "date_from_url",
    "explain_list",
    "page_number",
    "parse_date_text",
    "parse_page",
    "read_article_date",
    "read_endpoint",
    "read_home",
    "read_list",
    "validate",
    "with_article_dates",
]
