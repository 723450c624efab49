"""One crawl on every core: site groups spread over worker processes, one writer in the parent.

Each worker process crawls its share of the site groups (a host's sites always in one process, so
its fetcher keeps that host polite) and sends every finished site to the parent through a queue;
the parent writes it (one short transaction per site, so SQLite never sees two writers), counts it
and moves the progress bar.  Processes are spawned, never forked from the running event loop.
A stop request reaches the workers through an event: they finish the sites in hand, as one
process does.  A worker that dies leaves its unsent sites out of the run, which is then incomplete.

This module is imported by the spawned workers: it keeps to the crawler and the config, so a
worker starts without the database, the CLI or Celery.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from multiprocessing.synchronize import Event as ProcessEvent
from typing import Any

from freshwatch.config.models import Config
from freshwatch.crawler.attachments import ContentPlan
from freshwatch.crawler.readers import Readers
from freshwatch.crawler.run import CrawlProgress, CrawlSummary, SiteKey, crawl, site_groups
from freshwatch.crawler.types import SiteCrawl

log = logging.getLogger("freshwatch.distributed.pool")

START_METHOD = "spawn"  # a fork would copy the parent's running event loop and its threads
_POLL = 0.2  # seconds the parent waits on the queue before looking at the stop flag and the workers


@dataclass(frozen=True, slots=True)
class ShiftedNow:
    """The parent's clock relayed to a worker: the system clock plus the parent's offset (a simulated
    day).  Unpickling ``freshwatch.app.clock.Clock`` would load the database layer into every crawl
    process, so the worker reads the system clock here and the parent measures the offset there."""

    offset: float = 0.0

    def __call__(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset)  # noqa: TID251 (see the docstring)


@dataclass(frozen=True, slots=True)
class _Share:
    """What one worker process crawls, and with what."""

    index: int
    config: Config
    units: tuple[str, ...] | None
    sites: tuple[SiteKey, ...]
    today: date
    now: ShiftedNow
    readers: Readers | None
    content: ContentPlan | None = None


def partition(groups: Sequence[tuple[SiteKey, ...]], processes: int) -> list[list[SiteKey]]:
    """Groups dealt to ``processes`` shares, largest group first to the lightest share.

    Sites stand in for work: a province's sites are of one size within a factor of a few, and a
    group is never split (its host's politeness lives in one fetcher).
    """
    shares: list[list[SiteKey]] = [[] for _ in range(max(1, min(processes, len(groups))))]
    for group in sorted(groups, key=len, reverse=True):
        min(shares, key=len).extend(group)
    return [share for share in shares if share]


def per_process(config: Config, processes: int) -> Config:
    """The crawl's connection budget split over the processes (``concurrency`` is the crawl's total)."""
    settings = config.crawl
    concurrency = max(settings.per_host, settings.concurrency // processes)
    return config.model_copy(update={"crawl": settings.model_copy(update={"concurrency": concurrency})})


async def crawl_in_processes(
    config: Config,
    *,
    units: Sequence[str] | None,
    today: date,
    now: Callable[[], datetime],
    sink: Callable[[SiteCrawl], Awaitable[None]],
    progress: Callable[[CrawlProgress], None] | None,
    stop: asyncio.Event,
    readers: Readers | None,
    processes: int,
    content: ContentPlan | None = None,
) -> CrawlSummary:
    """Crawl the selected sites in up to ``processes`` worker processes; see the module docstring."""
    started = time.monotonic()
    shares = partition(site_groups(config, units), processes)
    total = sum(len(share) for share in shares)
    context: Any = multiprocessing.get_context(START_METHOD)
    results: Any = context.Queue(maxsize=4 * len(shares))  # bounded: workers wait for the writer
    halt = context.Event()
    from freshwatch.app.clock import utc_now

    shifted = ShiftedNow((now() - utc_now()).total_seconds())
    split = per_process(config, len(shares))
    workers = [
        context.Process(
            target=work,
            args=(
                _Share(
                    i, split, tuple(units) if units else None, tuple(share), today, shifted, readers, content
                ),
                results,
                halt,
            ),
            name=f"freshwatch-crawl-{i}",
            daemon=True,
        )
        for i, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    tally = _Tally(total)
    finished: dict[int, tuple[int, bool]] = {}  # index -> (requests, interrupted)
    try:
        while len(finished) < len(workers):
            if stop.is_set():
                halt.set()
            message = await asyncio.to_thread(_next, results)
            if message is None:
                _notice_dead(workers, finished)
                continue
            kind, index, payload = message
            if kind == "site":
                await sink(payload)
                tally.add(payload)
                if progress is not None:
                    progress(tally.progress(payload.site_home))
            elif kind == "done":
                finished[index] = payload
            else:  # "failed": a bug or a crash outside the per-site guard
                log.error("crawl worker %d failed:\n%s", index, payload, extra={"worker": index})
                finished[index] = (0, False)
    except BaseException:
        halt.set()
        raise
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
        results.close()
    missing = [home for share in shares for unit, home in share if (unit, home) not in tally.keys]
    interrupted = stop.is_set()
    return CrawlSummary(
        sites=tally.done,
        pages=tally.pages,
        requests=sum(requests for requests, _ in finished.values()),
        links_checked=tally.links,
        broken=tally.broken,
        seconds=round(time.monotonic() - started, 3),
        interrupted=interrupted,
        incomplete_sites=tuple(tally.incomplete) + (() if interrupted else tuple(missing)),
    )


def _next(results: Any) -> tuple[str, int, Any] | None:
    try:
        message: tuple[str, int, Any] = results.get(timeout=_POLL)
    except queue.Empty:
        return None
    return message


def _notice_dead(workers: Sequence[Any], finished: dict[int, tuple[int, bool]]) -> None:
    """A worker gone without saying so (killed, out of memory): count it finished, its rest missing.

    Only called after the queue stayed empty for a poll, so what it sent before dying is in.
    """
    for index, worker in enumerate(workers):
        if index not in finished and not worker.is_alive():
            log.error(
                "crawl worker %d exited with code %s before finishing its sites",
                index,
                worker.exitcode,
                extra={"worker": index, "exitcode": worker.exitcode},
            )
            finished[index] = (0, False)


class _Tally:
    def __init__(self, total: int) -> None:
        self.total = total
        self.done = self.pages = self.links = self.broken = self.requests = 0
        self.incomplete: list[str] = []
        self.keys: set[SiteKey] = set()

    def add(self, site: SiteCrawl) -> None:
        self.done += 1
        self.keys.add((site.unit_id, site.site_home))
        if not site.complete:
            self.incomplete.append(site.site_home)
        self.pages += site.pages_fetched
        self.requests += site.requests
        self.links += len(site.links)
        self.broken += sum(1 for link in site.links if link.broken)

    def progress(self, label: str) -> CrawlProgress:
        return CrawlProgress(
            self.total, self.done, self.pages, self.requests, self.links, self.broken, site=label
        )


# --- in the worker process ------------------------------------------------------------------------


def work(share: _Share, results: Any, halt: ProcessEvent) -> None:
    """A worker process's life: crawl the share, send each site, then say done (or what failed)."""
    # Ctrl-C and systemd's SIGTERM reach the whole group: the parent decides, and tells us by ``halt``
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)  # as the parent does for a crawl (see freshwatch.app.crawl_job)
    try:
        summary = asyncio.run(_crawl_share(share, results, halt))
    except BaseException:
        import traceback

        results.put(("failed", share.index, traceback.format_exc()))
        return
    results.put(("done", share.index, (summary.requests, summary.interrupted)))


async def _crawl_share(share: _Share, results: Any, halt: ProcessEvent) -> CrawlSummary:
    stop = asyncio.Event()
    parent = os.getppid()

    async def watch() -> None:
        while not halt.is_set():
            if os.getppid() != parent:  # the writer was killed: nobody will take our sites
                os._exit(1)
            await asyncio.sleep(_POLL)
        stop.set()

    async def send(site: SiteCrawl) -> None:
        await asyncio.to_thread(results.put, ("site", share.index, site))

    watcher = asyncio.create_task(watch())
    try:
        return await crawl(
            share.config,
            units=share.units,
            today=share.today,
            now=share.now,
            sink=send,
            stop=stop,
            readers=share.readers,
            only=share.sites,
            content=share.content,
        )
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
