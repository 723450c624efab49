"""Broken links read back from the link checks: ranges, distinct URLs, referrers, blocked, current."""

from __future__ import annotations

from datetime import date

from freshwatch.crawler.types import ErrorClass, LinkCheck
from freshwatch.detectors.types import LinkKind
from freshwatch.storage import Store, broken_links, record_site, start_run

from .factories import HOME, NEWS, at, link, site


def crawl(store: Store, when: str, *links: LinkCheck, unit: str = "hbfj") -> None:
    with store.session() as session:
        run_id = start_run(session, started_at=at(when), holder="test:1")
        record_site(session, run_id, site(links=links, unit=unit), observed_at=at(when))


def seed(store: Store) -> None:
    crawl(store, "2018-09-28", link("old", ErrorClass.http_4xx), link("gone", ErrorClass.http_4xx))
    crawl(
        store,
        "2018-10-02",
        link("old", ErrorClass.http_4xx, found_on=[NEWS]),
        link("ok"),
        link("gone", ErrorClass.http_5xx, status=500),
        link("waf", ErrorClass.blocked),
    )
    crawl(
        store,
        "2018-11-20",
        link("old", ErrorClass.http_4xx),
        link("gone"),
        link("file.pdf", ErrorClass.http_4xx, kind=LinkKind.attachment),
    )
    crawl(store, "2018-10-05", link("x", ErrorClass.dns, status=None), unit="other")


def test_one_row_per_distinct_broken_url_in_range(store: Store) -> None:
    seed(store)
    with store.session() as session:
        q4 = broken_links(session, unit_ids=["hbfj"], start=date(2018, 10, 1), end=date(2018, 12, 31))
    by_url = {b.url.removeprefix(HOME): b for b in q4}
    assert sorted(by_url) == ["file.pdf", "gone", "old"]
    old = by_url["old"]
    assert (old.first_seen, old.last_seen) == (date(2018, 10, 2), date(2018, 11, 20))
    assert old.found_on == (NEWS, HOME)  # union of the referring pages, first seen first
    gone = by_url["gone"]
    assert (gone.status, gone.error, gone.first_seen, gone.last_seen) == (
        500,
        "http_5xx",
        date(2018, 10, 2),
        date(2018, 10, 2),
    )
    assert by_url["file.pdf"].kind == "attachment" and by_url["file.pdf"].status == 404


def test_ranges_are_inclusive_days_and_open_ends(store: Store) -> None:
    seed(store)
    with store.session() as session:
        september = broken_links(session, unit_ids=["hbfj"], end=date(2018, 9, 30))
        one_day = broken_links(session, unit_ids=["hbfj"], start=date(2018, 11, 20), end=date(2018, 11, 20))
        everything = broken_links(session)
    assert {b.url for b in september} == {f"{HOME}old", f"{HOME}gone"}
    assert {b.url for b in one_day} == {f"{HOME}old", f"{HOME}file.pdf"}
    assert {(b.unit_id, b.url) for b in everything} == {
        ("hbfj", f"{HOME}{p}") for p in ("old", "gone", "file.pdf")
    } | {("other", f"{HOME}x")}


def test_blocked_links_are_suspected_not_broken(store: Store) -> None:
    seed(store)
    with store.session() as session:
        plain = broken_links(session, unit_ids=["hbfj"])
        with_blocked = broken_links(session, unit_ids=["hbfj"], include_blocked=True)
    assert f"{HOME}waf" not in {b.url for b in plain}
    (waf,) = [b for b in with_blocked if b.url == f"{HOME}waf"]
    assert (waf.error, waf.status) == ("blocked", 403)


def test_current_only_keeps_urls_whose_latest_check_still_fails(store: Store) -> None:
    seed(store)
    with store.session() as session:
        now = broken_links(session, unit_ids=["hbfj"], current_only=True)
        in_october = broken_links(session, unit_ids=["hbfj"], end=date(2018, 10, 31), current_only=True)
    assert {b.url for b in now} == {f"{HOME}old", f"{HOME}file.pdf"}  # gone was fixed on 11-20
    assert {b.url for b in in_october} == {f"{HOME}old", f"{HOME}gone"}
