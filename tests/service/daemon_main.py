"""Run the daemon as its own process for the signal tests: ``python -m tests.service.daemon_main CONFIG DB``.

Stands in for ``freshwatch daemon`` so the tests exercise a real process, real signals and a real
exit code without depending on the CLI's wiring.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from freshwatch import storage
from freshwatch.app.logs import setup_logging
from freshwatch.config.loader import load_config
from freshwatch.daemon.scheduler import run_daemon


def main() -> int:
    config_file, db_url = sys.argv[1], sys.argv[2]
    setup_logging(fmt="json")
    store = storage.open_store(db_url)
    try:
        return asyncio.run(
            run_daemon(load_config(config_file), store, log=logging.getLogger("freshwatch.daemon.scheduler"))
        )
    finally:
        store.dispose()


if __name__ == "__main__":
    sys.exit(main())
