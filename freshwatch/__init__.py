"""freshwatch: the service shell (CLI, daemon, digests, demo) around the crawl pipeline."""

__version__ = "0.1.0"
__all__ = ["__version__"]
