"""nginx (Debian's package) serving the pre-rendered farm, with an access log to count requests."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CONF = """
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    types {{ text/html html; application/pdf pdf; image/png png; }}
    default_type application/octet-stream;
    charset utf-8;
    log_format counted '$request_method $host $request_uri $status $connection';
    access_log {prefix}/access.log counted buffer=256k flush=1s;
    sendfile on;
    keepalive_requests 100000;
    keepalive_timeout 65;
    # linkchecker sleeps 0.1-0.6 s between two requests to one host (under a global lock) unless the
    # server answers with a "LinkChecker" header; this is its documented switch, harmless to the others.
    add_header LinkChecker bench always;
    server {{
        listen {port} reuseport backlog=4096;
        root {farm}/sites/$host;
        location / {{ index index.html; try_files $uri $uri/ =404; }}
    }}
}}
"""


def ensure_installed() -> str:
    """nginx from Debian's packages, installed on first use."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "nginx-light", "wrk"],
        check=True,
        env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )
    return "/usr/sbin/nginx"


@dataclass
class Nginx:
    farm: Path
    port: int
    prefix: Path

    def start(self) -> None:
        binary = ensure_installed()
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(CONF.format(prefix=self.prefix, port=self.port, farm=self.farm.resolve()))
        subprocess.run([binary, "-c", str(conf), "-p", str(self.prefix)], check=True)
        self._binary = binary
        time.sleep(0.3)

    def stop(self) -> None:
        subprocess.run(
            [self._binary, "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix), "-s", "quit"],
            check=False,
        )
        time.sleep(0.3)

    def reset_log(self) -> None:
        time.sleep(1.5)  # let the buffered lines of the previous run land before truncating
        (self.prefix / "access.log").write_text("")
        subprocess.run(
            [self._binary, "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix), "-s", "reopen"],
            check=False,
        )
        time.sleep(0.2)

    def served(self) -> Served:
        """What the server saw since the last ``reset_log``: one ruler for every tool."""
        time.sleep(1.2)  # the log buffer flushes every second
        with (self.prefix / "access.log").open(encoding="utf-8", errors="replace") as handle:
            return Served.from_lines(handle)


@dataclass(frozen=True)
class Served:
    requests: int
    distinct_urls: int  # every distinct URL asked at least once: the links whose status the tool learnt
    pages: int  # distinct HTML URLs answered 200: the pages the tool really crawled
    repeated: int  # requests beyond the first for one URL
    connections: int  # TCP connections the tool opened (keep-alive reuse shows here)
    page_urls: frozenset[str] = frozenset()  # "host/path" of those pages, to compare with the truth

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Served:
        counts: Counter[str] = Counter()
        pages: set[str] = set()
        connections: set[str] = set()
        for line in lines:
            parts = line.split()
            if len(parts) < 5:
                continue
            _, host, uri, status, connection = parts[:5]
            connections.add(connection)
            url = f"{host}{uri}"
            counts[url] += 1
            if status == "200" and (uri.endswith((".html", "/"))):
                pages.add(url)
        total = sum(counts.values())
        return cls(total, len(counts), len(pages), total - len(counts), len(connections), frozenset(pages))


def ceiling(url: str, *, seconds: int = 5, connections: int = 64) -> float:
    """Requests per second nginx serves on this machine for one list page (wrk)."""
    if not shutil.which("wrk"):
        return float("nan")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=False
    ).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return float("nan")
