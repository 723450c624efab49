"""The web console: server-rendered pages over the same store, config and read models as the CLI.

Imported only by the ``web`` command and ``daemon --web`` (a crawl never loads the web stack).
"""
