"""The crawl's closing line tells the person when a site could not be crawled completely."""

from __future__ import annotations

from freshwatch.cli.crawling import summary_dict, summary_line
from freshwatch.crawler.run import CrawlSummary


def test_a_site_that_failed_is_named_in_the_summary() -> None:
    summary = CrawlSummary(
        sites=2,
        pages=10,
        requests=12,
        links_checked=11,
        broken=0,
        seconds=1.0,
        incomplete_sites=("http://127.0.0.1:8102/",),
    )
    assert "1 个站点未能完整抓取" in summary_line(summary) and "http://127.0.0.1:8102/" in summary_line(
        summary
    )
    assert summary_dict(summary)["incomplete_sites"] == ["http://127.0.0.1:8102/"]
    whole = CrawlSummary(sites=2, pages=10, requests=12, links_checked=11, broken=0, seconds=1.0)
    assert "未能完整抓取" not in summary_line(whole) and summary_dict(whole)["incomplete_sites"] == []
