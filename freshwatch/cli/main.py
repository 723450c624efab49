"""The ``freshwatch`` command: global options, error handling, and the subcommands.

Every expected failure is a ``FreshwatchError`` printed as one Chinese-prefixed line with exit
code 2; findings of a crawl are not errors.
"""

from __future__ import annotations

import sys

import click

from freshwatch import __version__
from freshwatch.app.clock import zone
from freshwatch.app.context import App
from freshwatch.app.logs import setup_logging
from freshwatch.cli import crawling, demo, monitor, scores, service
from freshwatch.errors import FreshwatchError
from freshwatch.reports.wording import error_message

SERVICE_COMMANDS = {"daemon", "digest", "probe"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config", "config_file", metavar="PATH", help="配置文件（默认 ./freshwatch.yaml 或 $FRESHWATCH_CONFIG）"
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="数据库 URL，例如 sqlite:///freshwatch.db 或 postgresql+psycopg://...",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="日志格式：text 或每行一个 JSON 对象",
)
@click.option("-v", "--verbose", count=True, help="更详细的日志")
@click.version_option(__version__, prog_name="freshwatch")
@click.pass_context
def cli(
    ctx: click.Context, config_file: str | None, db_url: str | None, log_format: str, verbose: int
) -> None:
    """freshwatch：政府网站栏目更新与链接可用性监测。"""
    service = ctx.invoked_subcommand in SERVICE_COMMANDS or log_format == "json"
    setup_logging(fmt=log_format, verbose=verbose, service=service)
    app = App(config_file=config_file, db_url=db_url)
    ctx.obj = app
    ctx.call_on_close(app.close)


for module in (crawling, monitor, scores, demo, service):
    for command in module.COMMANDS:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    try:
        code = cli.main(args=argv, prog_name="freshwatch", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("已取消。", err=True)
        return 1
    except FreshwatchError as error:
        click.echo(f"错误：{error_message(error, zone(None))}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        return 130
    return code if isinstance(code, int) else 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
