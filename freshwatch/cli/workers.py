"""``worker``: serve the Celery queue of a distributed crawl on this machine."""

from __future__ import annotations

import os

import click

from freshwatch.app.context import App
from freshwatch.app.crawl_job import require_shared_database
from freshwatch.config.errors import ConfigError

pass_app = click.make_pass_decorator(App)


@click.command()
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    metavar="N",
    help="同时抓取的进程数（默认每个处理器核心一个）",
)
@pass_app
def worker(app: App, concurrency: int | None) -> None:
    """作为抓取节点运行：从消息队列领取站点，抓取后直接写入共享数据库（多台机器协同抓取）。"""
    config = app.file_config()  # the executor and database only: the units come with each task's run
    settings = config.executor
    if settings.kind != "celery" or settings.broker is None:
        raise ConfigError(
            config.source or "config",
            "executor",
            settings.kind,
            "抓取节点需要 executor: {kind: celery, broker: amqp://… 或 redis://…}",
        )
    url = app.database_url()
    require_shared_database(url)
    app.store()  # migrated and reachable before the first task arrives
    from freshwatch.distributed.worker import run_worker

    run_worker(settings, url, concurrency=concurrency or os.cpu_count() or 1)


COMMANDS = [worker]
