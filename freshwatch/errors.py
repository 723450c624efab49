"""The root of freshwatch's exception tree, at the bottom of the layers.

Failures a site causes during a crawl are values (see ``freshwatch.crawler.types``); exceptions are for
bad input, broken configuration and bugs.  Each layer raises its own subclasses, carrying the facts
as attributes (``freshwatch.config.errors``, ``freshwatch.storage.errors``, ``freshwatch.scoring.errors``,
``freshwatch.app.errors``); only the shell turns them into words for people
(``freshwatch.reports.wording.error_message``) and the CLI into one line with exit code 2.
This module imports nothing from freshwatch, so every layer may import it.
"""

from __future__ import annotations


class FreshwatchError(Exception):
    """Base of every error freshwatch raises on purpose."""


__all__ = ["FreshwatchError"]
