"""``web`` and ``users``: the web console and its accounts.

The web stack (Starlette, Jinja2, uvicorn) is imported inside the ``web`` command only, so a crawl
or any other command never loads it.
"""

from __future__ import annotations

import asyncio
import os
import sys

import click

from freshwatch import storage
from freshwatch.app.clock import utc_now
from freshwatch.app.context import App
from freshwatch.app.errors import InputError
from freshwatch.app.read_models import selected_units
from freshwatch.cli.output import print_table, say

pass_app = click.make_pass_decorator(App)
ROLES = ["office", "unit"]  # freshwatch.app.accounts.Role; argon2 is loaded only by the commands that hash
PASSWORD_ENV = "FRESHWATCH_PASSWORD"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8700, show_default=True, type=int, help="监听端口")
@pass_app
def web(app: App, host: str, port: int) -> None:
    """启动网页控制台（政务公开科与各单位在浏览器中查看、整改、申诉）。"""
    from freshwatch.web.server import serve

    app.config()  # a missing config or registry is reported before the server starts
    say(f"网页控制台：http://{host}:{port}/ （Ctrl+C 停止）")
    asyncio.run(serve(app, host=host, port=port))


def read_password(*, confirm: bool = True) -> str:
    """From $FRESHWATCH_PASSWORD, else a hidden prompt on a terminal, else one line of stdin."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        return str(click.prompt("密码", hide_input=True, confirmation_prompt=confirm))
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InputError(f"没有读到密码：请在终端输入，或设置 {PASSWORD_ENV}，或从标准输入传入一行")
    return line


@click.group()
def users() -> None:
    """控制台账号：添加、列出、停用、改密码。"""


@users.command(name="add")
@click.argument("name", metavar="用户名")
@click.option("--role", type=click.Choice(ROLES), required=True, help="office（政务公开科）或 unit（单位）")
@click.option("--unit", "unit_id", metavar="ID", help="单位账号所属单位 ID")
@pass_app
def add_user(app: App, name: str, role: str, unit_id: str | None) -> None:
    """添加账号（密码在提示中输入，不写在命令行上）。"""
    from freshwatch.app.accounts import Role, hash_password

    if role == "unit":
        if not unit_id:
            raise InputError("单位账号需要 --unit ID")
        selected_units(app.config(), [unit_id])
    elif unit_id:
        raise InputError("政务公开科账号不属于单位；请去掉 --unit")
    password_hash = hash_password(read_password())
    with app.store().session() as session:
        storage.add_user(
            session, name=name, role=role, unit_id=unit_id, password_hash=password_hash, at=utc_now()
        )
    say(f"已添加账号 {name}（{Role(role).label}{'：' + unit_id if unit_id else ''}）")


@users.command(name="list")
@pass_app
def list_users(app: App) -> None:
    """列出账号。"""
    from freshwatch.app.accounts import Role
    from freshwatch.app.clock import local_time, zone

    with app.store().session() as session:
        found = storage.list_users(session)
    print_table(
        "控制台账号",
        ["用户名", "角色", "单位", "状态", "创建时间"],
        [
            (
                u.name,
                Role(u.role).label,
                u.unit_id or "",
                "已停用" if u.disabled else "启用",
                local_time(u.created_at, zone(app.config()), "%Y-%m-%d %H:%M"),
            )
            for u in found
        ],
    )


@users.command(name="disable")
@click.argument("name", metavar="用户名")
@click.option("--enable", is_flag=True, help="重新启用")
@pass_app
def disable_user(app: App, name: str, enable: bool) -> None:
    """停用账号（并注销其所有登录）；--enable 重新启用。"""
    with app.store().session() as session:
        storage.set_disabled(session, name, disabled=not enable)
    say(f"已{'启用' if enable else '停用'}账号 {name}")


@users.command(name="passwd")
@click.argument("name", metavar="用户名")
@pass_app
def change_password(app: App, name: str) -> None:
    """修改密码（并注销该账号的所有登录）。"""
    from freshwatch.app.accounts import hash_password

    password_hash = hash_password(read_password())
    with app.store().session() as session:
        storage.set_password_hash(session, name, password_hash, at=utc_now())
    say(f"已修改账号 {name} 的密码")


COMMANDS = [web, users]
