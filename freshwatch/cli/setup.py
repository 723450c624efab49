"""``freshwatch init``: create (or upgrade) the database before the first crawl.

Read commands never create a database, so an office that wants to book deductions or check
``health`` before its first crawl runs ``init`` once; crawl, daemon and demo create theirs too.
"""

from __future__ import annotations

import click

from freshwatch.app.context import App
from freshwatch.cli.output import say
from freshwatch.cli.params import pass_app


@click.command()
@pass_app
def init(app: App) -> None:
    """创建数据库（已存在时升级到当前结构），并记录配置文件中的单位名录。"""
    store = app.store()
    if app.has_config_file():
        app.remember_registry()
    say(f"数据库已就绪：{store.display_url}")


COMMANDS = [init]
