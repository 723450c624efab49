"""The ASGI app: routes, the sign-in, and the wrapper every page and action goes through.

The wrapper resolves the viewer from the session cookie, refuses a POST without the session's CSRF
token, builds the ``Scope`` (guard.py) and runs the handler in a worker thread: the store is
synchronous, and the event loop (shared with the daemon under ``daemon --web``) must not wait on it.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from freshwatch.app.context import App
from freshwatch.errors import FreshwatchError
from freshwatch.web.guard import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Forbidden,
    LoginLimiter,
    Scope,
    Unknown,
    Viewer,
    csrf_ok,
    sign_in,
    sign_out,
    viewer_of,
)

HERE = Path(__file__).parent
log = logging.getLogger("freshwatch.web")

CACHE_ENTRIES = 256
T = TypeVar("T")
Handler = Callable[["Console", Request, Scope, FormData | None], Response]


@dataclass
class Console:
    """What the handlers share: the App (config + store), the templates and the login limiter."""

    app: App
    templates: Environment
    limiter: LoginLimiter
    crawls: dict[str, Any] = field(default_factory=dict)  # unit id -> the thread crawling it
    _cache: dict[Hashable, tuple[tuple[int, ...], Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: Hashable, build: Callable[[], T], *, probes: bool = False) -> T:
        """A page's read model, reused while the store's data version is unchanged: the overview of
        500 units reads a year of observations, and nothing it shows moves between two crawls,
        bookings or decisions (each of which moves the version).  Probes (every 30 minutes) move only
        what reads them (``probes=True``): availability."""
        from freshwatch import storage

        with self.app.store().session() as session:
            version = storage.data_version(session, probes=probes)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            return cast(T, hit[1])
        value = build()
        with self._lock:
            if len(self._cache) >= CACHE_ENTRIES:
                self._cache.clear()
            self._cache[key] = (version, value)
        return value

    def render(self, request: Request, template: str, /, *, status: int = 200, **values: Any) -> HTMLResponse:
        viewer: Viewer | None = values.get("viewer")
        body = self.templates.get_template(template).render(
            request=request, path=request.url.path, csrf=viewer.csrf if viewer else "", **values
        )
        return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def templates(tz: tzinfo) -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from freshwatch.web import filters

    env.filters.update(filters.FILTERS)
    env.filters["day"] = filters.day_filter(tz)
    return env


def _secure(console: Console, request: Request) -> bool:
    return request.url.scheme == "https" or console.app.config().web.secure_cookies


def guarded(
    console: Console, handler: Handler, *, office: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """Every page and action: signed in, CSRF-checked on POST, scoped, office-only where marked."""

    async def endpoint(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE)
        viewer = await run_in_threadpool(viewer_of, console.app.store(), token)
        if viewer is None:
            if request.method != "GET":
                return console.render(request, "error.html", status=403, message="登录已失效，请重新登录。")
            target = quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))
            return RedirectResponse(f"/login?next={target}", status_code=303)
        scope = Scope(viewer, console.app.config())

        def refuse(status: int, message: str) -> Response:
            return console.render(
                request, "error.html", status=status, viewer=viewer, units_nav=scope.units(), message=message
            )

        form: FormData | None = None
        if request.method == "POST":
            form = await request.form(max_part_size=5 * 1024 * 1024)
            given = form.get("csrf")
            if not csrf_ok(viewer.csrf, given if isinstance(given, str) else None):
                return refuse(403, "表单已过期（CSRF 校验失败），请刷新页面后重试。")
        try:
            if office:
                scope.require_office()
            return await run_in_threadpool(handler, console, request, scope, form)
        except Forbidden:
            return refuse(403, "无权访问：该页面或数据不属于本单位。")
        except Unknown:
            return refuse(404, "没有找到该单位或记录。")
        except FreshwatchError as error:
            from freshwatch.app.clock import zone
            from freshwatch.reports.wording import error_message

            return refuse(400, error_message(error, zone(console.app.config())))

    return endpoint


def _safe_next(target: str | None) -> str:
    """Only a path on this site: ``//evil`` or ``https://...`` would send the user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_routes(console: Console) -> list[Route]:
    async def login_form(request: Request) -> Response:
        nonce = secrets.token_urlsafe(24)
        response = console.render(
            request, "login.html", csrf_login=nonce, next=_safe_next(request.query_params.get("next"))
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE, nonce, httponly=True, samesite="lax", secure=_secure(console, request)
        )
        return response

    async def login(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name") or "").strip()
        password = str(form.get("password") or "")
        nonce = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        target = _safe_next(str(form.get("next") or "/"))
        if not csrf_ok(nonce, str(form.get("csrf_login") or "")):
            return console.render(
                request, "error.html", status=403, message="表单已过期（CSRF 校验失败），请刷新页面后重试。"
            )
        address = request.client.host if request.client else "?"
        keys = (f"user:{name}", f"addr:{address}")
        if console.limiter.blocked(*keys):
            log.warning("login refused: too many failures", extra={"account": name, "address": address})
            return console.render(
                request,
                "login.html",
                status=429,
                error="登录失败次数过多，请稍后再试。",
                csrf_login=nonce,
                next=target,
            )
        token = await run_in_threadpool(
            sign_in, console.app.store(), console.app.config().web, name, password
        )
        if token is None:
            console.limiter.failed(*keys)
            return console.render(
                request, "login.html", status=401, error="用户名或密码错误。", csrf_login=nonce, next=target
            )
        console.limiter.succeeded(keys[0])
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=int(console.app.config().web.session_hours * 3600),
            httponly=True,
            samesite="lax",
            secure=_secure(console, request),
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE)
        return response

    def logout(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
        sign_out(console.app.store(), scope.viewer.token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    return [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", guarded(console, logout), methods=["POST"]),
    ]


def create_app(app: App) -> Starlette:
    from freshwatch.app.clock import zone
    from freshwatch.web import actions, pages

    console = Console(
        app=app, templates=templates(zone(app.config())), limiter=LoginLimiter(app.config().web)
    )
    routes: list[Route | Mount] = [*login_routes(console)]
    for path, handler, methods, office in (*pages.ROUTES, *actions.ROUTES):
        routes.append(Route(path, guarded(console, handler, office=office), methods=methods))
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
    return Starlette(routes=routes)


async def serve(app: App, *, host: str, port: int) -> None:
    """Serve until stopped (uvicorn handles SIGINT/SIGTERM)."""
    import uvicorn

    config = uvicorn.Config(create_app(app), host=host, port=port, log_level="info", proxy_headers=True)
    await uvicorn.Server(config).serve()


async def with_console(app: App, daemon: Awaitable[int], *, host: str, port: int) -> int:
    """``daemon --web``: the daemon and the console on one event loop; the daemon's stop (SIGTERM)
    stops the console too, and the daemon's exit code is the process's."""
    import asyncio
    import contextlib

    import uvicorn

    config = uvicorn.Config(create_app(app), host=host, port=port, log_level="info", proxy_headers=True)
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # the daemon owns signals
    console = asyncio.create_task(server.serve())
    try:
        return await daemon
    finally:
        server.should_exit = True
        await console
