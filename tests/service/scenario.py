"""A small registry and a crawl of it written through real storage, with known dates and findings.

The digest day is 2026-11-26 (Asia/Shanghai).  What each unit should hear that day:
- hbfj 区环保分局: 工作动态 went stale (last update 11-10, due 11-24, warned 11-25); 通知公告 falls due
  on 11-30 (remind window 14d); a broken attachment on the 规划计划 page.
- jyj 区教育局: its home page failed a probe at 03:00; columns fresh.
- tjj 区统计局: nothing: no digest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freshwatch import storage
from freshwatch.config.keys import ColumnKey
from freshwatch.config.models import Config
from freshwatch.crawler.types import (
    ColumnObservation,
    ErrorClass,
    Fetch,
    LinkCheck,
    Probe,
    Referrer,
    SiteCrawl,
)
from freshwatch.detectors.types import DateSource, Item, LinkKind, ListReading, ListVerdict
from freshwatch.storage import Store

DAY = date(2026, 11, 26)
ZONE = ZoneInfo("Asia/Shanghai")
BASE = "http://127.0.0.1:9"  # never fetched: the crawl below is written straight into storage
BROKEN = f"{BASE}/hbfj/files/plan-2026.pdf"

DATES: dict[str, list[date]] = {
    f"{BASE}/hbfj/gzdt/": [date(2026, 11, 1), date(2026, 11, 10)],
    f"{BASE}/hbfj/tzgg/": [date(2026, 3, 2), date(2026, 5, 30)],
    f"{BASE}/hbfj/ghjh/": [date(2026, 6, 1)],
    f"{BASE}/jyj/gzdt/": [date(2026, 11, 18), date(2026, 11, 20)],
    f"{BASE}/tjj/gzdt/": [date(2026, 11, 19), date(2026, 11, 24)],
}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def units(webhook_url: str | None = None) -> list[dict[str, Any]]:
    hbfj_contacts: list[dict[str, str]] = [{"email": "web@hbfj.example"}]
    if webhook_url:
        hbfj_contacts.append({"notify": webhook_url})
    return [
        {
            "id": "hbfj",
            "name": "区环保分局",
            "contacts": hbfj_contacts,
            "sites": [
                {
                    "name": "区环保分局频道",
                    "home": f"{BASE}/hbfj/",
                    "columns": [
                        {"name": "工作动态", "url": f"{BASE}/hbfj/gzdt/", "category": "news"},
                        {"name": "通知公告", "url": f"{BASE}/hbfj/tzgg/", "category": "notice"},
                        {"name": "规划计划", "url": f"{BASE}/hbfj/ghjh/", "category": "plan"},
                    ],
                }
            ],
        },
        {
            "id": "jyj",
            "name": "区教育局",
            "contacts": [{"email": "office@jyj.example"}],
            "sites": [
                {
                    "home": f"{BASE}/jyj/",
                    "columns": [{"name": "工作动态", "url": f"{BASE}/jyj/gzdt/", "category": "news"}],
                }
            ],
        },
        {
            "id": "tjj",
            "name": "区统计局",
            "contacts": [{"email": "tjj@tjj.example"}],
            "sites": [
                {
                    "home": f"{BASE}/tjj/",
                    "columns": [{"name": "统计动态", "url": f"{BASE}/tjj/gzdt/", "category": "news"}],
                }
            ],
        },
    ]


def config(
    *, smtp_port: int = 25, webhook_url: str | None = None, send_empty: bool = False, **extra: Any
) -> Config:
    data: dict[str, Any] = {
        "units": units(webhook_url),
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "sender": "freshwatch@office.example", "timeout": 5},
        "digest": {"send_empty": send_empty, "office": [{"email": "jgk@office.example"}]},
        **extra,
    }
    return Config.model_validate(data)


def _column(
    cfg: Config, unit_id: str, site_home: str, name: str, url: str, category: Any
) -> ColumnObservation:
    items = tuple(
        Item(
            title=f"{name}{day.isoformat()}",
            url=f"{url}t{day:%Y%m%d}.html",
            published=day,
            date_source=DateSource.list_text,
        )
        for day in DATES.get(url, [])
    )
    return ColumnObservation(
        key=ColumnKey(unit_id, site_home, name, url, category),
        fetch=Fetch(url=url, final_url=url, status=200, text="<html></html>"),
        reading=ListReading(verdict=ListVerdict.ok, items=items),
    )


def crawl_into(store: Store, cfg: Config, *, at: datetime) -> int:
    """One complete crawl run of the registry, as the pipeline would write it."""
    with store.session() as session:
        run_id = storage.start_run(session, started_at=at, units=[u.id for u in cfg.units])
    for unit in cfg.units:
        for site in unit.sites:
            columns = tuple(_column(cfg, unit.id, site.home, c.name, c.url, c.category) for c in site.columns)
            links: tuple[LinkCheck, ...] = ()
            if unit.id == "hbfj":
                referrer = Referrer(page=f"{BASE}/hbfj/ghjh/", text="2026年规划")
                links = (
                    LinkCheck(
                        BROKEN,
                        LinkKind.attachment,
                        404,
                        ErrorClass.http_4xx,
                        found_on=(referrer,),
                        checked_at=at,
                    ),
                )
            with store.session() as session:
                storage.record_site(
                    session, run_id, SiteCrawl(unit.id, site.home, columns, links), observed_at=at
                )
    with store.session() as session:
        storage.finish_run(session, run_id, status="complete", finished_at=at + timedelta(minutes=5))
    return run_id


def probes_into(store: Store, cfg: Config, *, day: date) -> None:
    """Hourly probes of every home page on ``day``; jyj's fails at 03:00."""
    with store.session() as session:
        for hour in range(0, 8):
            for unit in cfg.units:
                for site in unit.sites:
                    failed = unit.id == "jyj" and hour == 3
                    storage.record_probe(
                        session,
                        Probe(
                            unit_id=unit.id,
                            site_home=site.home,
                            status=None if failed else 200,
                            error=ErrorClass.timeout if failed else None,
                            ttfb=None if failed else 0.05,
                            elapsed=None if failed else 0.1,
                            probed_at=local(day, hour).astimezone(UTC),
                        ),
                    )
