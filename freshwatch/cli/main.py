"""The ``freshwatch`` command: global options, error handling, and the subcommands.

Every expected failure is a ``FreshwatchError`` printed as one Chinese-prefixed line with exit
code 2, and so is every command-line mistake (worded by ``cli.chinese``); findings of a crawl are
not errors.  Only the commands in ``CREATING_COMMANDS`` may create a database.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError

from freshwatch import __version__
from freshwatch.app.clock import zone
from freshwatch.app.context import REGISTRY_CHOICES, App
from freshwatch.app.logs import setup_logging
from freshwatch.cli import crawling, demo, findings, monitor, registry, scores, service, setup, workers
from freshwatch.cli.chinese import ChineseGroup, show_usage_error
from freshwatch.cli.output import echo, say
from freshwatch.errors import FreshwatchError
from freshwatch.reports.wording import error_message

SERVICE_COMMANDS = {"daemon", "digest", "probe", "worker"}
# the commands that build a database; every other one fails on a missing database, naming it
CREATING_COMMANDS = {"crawl", "daemon", "demo", "init", "worker"}


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option(
    "--registry",
    type=click.Choice(REGISTRY_CHOICES),
    help="配置文件与数据库记录的单位名录不一致时用哪一个：config 配置文件，db 数据库记录",
)
@click.option("-v", "--verbose", count=True, help="更详细的日志")
@click.version_option(
    __version__, prog_name="freshwatch", message="%(prog)s 版本 %(version)s", help="显示版本并退出"
)
@click.pass_context
def cli(
    ctx: click.Context,
    config_file: str | None,
    db_url: str | None,
    log_format: str,
    registry: str | None,
    verbose: int,
) -> None:
    """freshwatch：政府网站栏目更新与链接可用性监测。"""
    service = ctx.invoked_subcommand in SERVICE_COMMANDS or log_format == "json"
    setup_logging(fmt=log_format, verbose=verbose, service=service)
    app = App(
        config_file=config_file,
        db_url=db_url,
        create_database=ctx.invoked_subcommand in CREATING_COMMANDS,
        registry=registry,
        announce=say,
    )
    ctx.obj = app
    ctx.call_on_close(app.close)


for module in (crawling, monitor, findings, scores, demo, service, setup, registry, workers):
    for command in module.COMMANDS:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    try:
        code = cli.main(args=argv, prog_name="freshwatch", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "", err=True)
        return 2
    except click.UsageError as error:
        show_usage_error(error)
        return 2
    except click.FileError as error:
        click.echo(f"错误：无法打开文件 {error.ui_filename}", err=True)
        return 2
    except click.ClickException as error:
        click.echo(f"错误：{error.format_message()}", err=True)
        return error.exit_code
    except click.Abort:
        click.echo("已取消。", err=True)
        return 1
    except FreshwatchError as error:
        echo(f"错误：{error_message(error, zone(None))}", err=True)
        return 2
    except OperationalError as error:  # disk full, a read-only file, the server gone: one line
        text = str(error.orig or error).strip()
        reason = text.splitlines()[0][:200] if text else type(error).__name__
        echo(f"错误：数据库操作失败（{reason}）；已写入的数据保留", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        return 130
    return code if isinstance(code, int) else 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
