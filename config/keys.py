"""The identity of a registered column, named once.

A column is known by its unit, its site's home page, its name, its list-page URL and its category.
Those five travel together from the registry through the crawl, storage and scoring to every
report; ``ColumnKey`` carries them as one value, so no stage copies them field by field.
"""

from __future__ import annotations

from dataclasses import dataclass

from freshwatch.config.models import Category


@dataclass(frozen=True, slots=True, order=True)
class ColumnKey:
    unit_id: str
    site_home: str
    column_name: str
    column_url: str
    category: Category


class KeyedByColumn:
    """Read access to a value's column identity (``self.key``) by the fields' own names."""

    __slots__ = ()
    key: ColumnKey

    @property
    def unit_id(self) -> str:
        return self.key.unit_id

    @property
    def site_home(self) -> str:
        return self.key.site_home

    @property
    def column_name(self) -> str:
        return self.key.column_name

    @property
    def column_url(self) -> str:
        return self.key.column_url

    @property
    def category(self) -> Category:
        return self.key.category


__all__ = ["ColumnKey", "KeyedByColumn"]
