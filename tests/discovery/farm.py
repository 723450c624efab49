"""Serve the generated sites on 127.0.0.1, one port per site (the crawler keeps to a site's own host)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from tests.crawler.server import MockServer, Reply
from tests.discovery.sites import Site, build_sites


@dataclass(frozen=True)
class Served:
    site: Site
    origin: str  # http://127.0.0.1:PORT

    @property
    def home(self) -> str:
        return self.origin + "/"

    def url(self, path: str) -> str:
        return self.origin + path


@contextmanager
def serve_sites(sites: tuple[Site, ...] | None = None) -> Iterator[list[Served]]:
    with ExitStack() as stack:
        served = []
        for site in sites or build_sites():
            routes = {
                path: Reply(body=body, content_type=ctype) for path, (body, ctype) in site.routes.items()
            }
            routes.update({path: Reply(301, headers={"Location": target}) for path, target in site.redirects})
            server = stack.enter_context(MockServer(routes))
            served.append(Served(site, server.origin))
        yield served
