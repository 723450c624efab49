"""A progress bar for crawls on a terminal (stderr); silent when not on a TTY or with --json."""

from __future__ import annotations

from types import TracebackType

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from freshwatch.crawler.run import CrawlProgress


class CrawlBar:
    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("[bold]抓取中"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("站点 · {task.fields[pages]} 页 · {task.fields[links]} 链接"),
                TimeElapsedColumn(),
                transient=True,
            )

    def __enter__(self) -> CrawlBar:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("crawl", total=None, pages=0, links=0)
        return self

    def update(self, event: CrawlProgress) -> None:
        if self._progress is None or self._task is None:
            return
        self._progress.update(
            self._task,
            total=event.sites_total,
            completed=event.sites_done,
            pages=event.pages,
            links=event.links_checked,
        )

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
