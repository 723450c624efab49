"""The farm: 28 simulated unit sites on 127.0.0.1, one port each, served from a thread of their own.

Thread model: ``Farm.start()`` starts one daemon thread that runs its own asyncio loop with one
listening socket per site; ``start_farm()`` wraps that for ``async with``.  The crawler's loop
never runs farm code, so a busy farm can't stall the crawl (and vice versa).
``python -m freshwatch.demo.farm --port-base 8101`` serves it standalone.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType

import yaml

from freshwatch.demo.content import DEMO_DAY, SiteContent, build_site, rng_for
from freshwatch.demo.layout import Friend
from freshwatch.demo.resources import SiteResources, server_name
from freshwatch.demo.server import SiteServer
from freshwatch.demo.truth import FarmTruth, unit_truth
from freshwatch.demo.units import UNIT_SPECS
from freshwatch.errors import FreshwatchError

START_TIMEOUT = 30.0
FRIENDS = 3


class Farm:
    def __init__(self, host: str = "127.0.0.1", port_base: int | None = None) -> None:
        self.host = host
        self.port_base = port_base
        self.requests: Counter[str] = Counter()
        self.sites: list[SiteContent] = [build_site(unit) for unit in UNIT_SPECS]
        self.origins: dict[str, str] = {}  # unit id -> http://host:port
        self.resources: dict[str, SiteResources] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> Farm:
        self._thread = threading.Thread(target=self._run, name="freshwatch-demo-farm", daemon=True)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT) or self._error is not None:
            raise FreshwatchError(f"the demo farm could not start: {self._error}")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(START_TIMEOUT)
        self._thread = None

    def __enter__(self) -> Farm:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:
            self._error = error
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        servers = []
        for index, site in enumerate(self.sites):
            handler = SiteServer(self._getter(site.unit.id), server_name(site.unit.family), self.requests)
            port = 0 if self.port_base is None else self.port_base + index
            server = await asyncio.start_server(handler.handle, self.host, port, backlog=512)
            bound = server.sockets[0].getsockname()[1]
            handler.origin = self.origins[site.unit.id] = f"http://{self.host}:{bound}"
            servers.append(server)
        for site in self.sites:
            self.resources[site.unit.id] = SiteResources(site, self._friends(site))
        self._ready.set()
        await self._stopping.wait()
        for server in servers:
            server.close()
        for server in servers:
            await server.wait_closed()

    def _getter(self, unit_id: str) -> SiteResourcesGetter:
        return SiteResourcesGetter(self.resources, unit_id)

    def _friends(self, site: SiteContent) -> list[Friend]:
        others = [s for s in self.sites if s.unit.id != site.unit.id]
        chosen = rng_for(site.unit.id, "friends").sample(others, FRIENDS)
        return [Friend(f"仲恺高新区{s.unit.name}", self.origins[s.unit.id] + "/") for s in chosen]

    # --- what the pipeline and the tests read -----------------------------------------------------

    @property
    def truth(self) -> FarmTruth:
        return FarmTruth(DEMO_DAY, tuple(unit_truth(site, self.origins[site.unit.id]) for site in self.sites))

    def config_yaml(self, database: str | None = None) -> str:
        """A config file (issue 2's format) registering the 28 units with the demo rulebook."""
        units = []
        for site in self.sites:
            origin = self.origins[site.unit.id]
            columns = [
                {"name": c.title, "url": origin + c.list_path, "category": c.category} for c in site.columns
            ]
            sites = [{"name": f"{site.unit.name}频道", "home": origin + "/", "columns": columns}]
            units.append({"id": site.unit.id, "name": site.unit.name, "sites": sites})
        document: dict[str, object] = {"rules": "demo", "units": units}
        if database is not None:
            document = {"database": database, **document}
        header = (
            "# The simulated farm of the 2018-Q4 notice (freshwatch demo); ports change on every start.\n"
        )
        return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=200)


class SiteResourcesGetter:
    """Looks a site's table up at request time: tables are rendered after every port is bound."""

    def __init__(self, tables: dict[str, SiteResources], unit_id: str) -> None:
        self._tables = tables
        self._unit_id = unit_id

    def __call__(self) -> SiteResources:
        return self._tables[self._unit_id]


@asynccontextmanager
async def start_farm(host: str = "127.0.0.1", port_base: int | None = None) -> AsyncIterator[Farm]:
    """``async with start_farm() as farm:`` the farm runs in its own thread while the body crawls it."""
    farm = Farm(host, port_base)
    await asyncio.to_thread(farm.start)
    try:
        yield farm
    finally:
        await asyncio.to_thread(farm.stop)
