"""Config boundary: the registry of units, sites and columns, the settings, and the rulebook."""

from freshwatch.config.loader import config_path, load_config, load_rulebook, load_rulebooks, rulebook_for
from freshwatch.config.models import (
    Category,
    Column,
    Config,
    Contact,
    CrawlSettings,
    FreshnessRule,
    Rulebook,
    Site,
    TableColumn,
    Unit,
)
from freshwatch.config.periods import Period

__all__ = [
    "Category",
    "Column",
    "Config",
    "Contact",
    "CrawlSettings",
    "FreshnessRule",
    "Period",
    "Rulebook",
    "Site",
    "TableColumn",
    "Unit",
    "config_path",
    "load_config",
    "load_rulebook",
    "load_rulebooks",
    "rulebook_for",
]
