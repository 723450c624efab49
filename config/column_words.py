"""The column-name vocabulary (``column_words.yaml``): which words name which category, and which links are chrome.

Kept as data so an office can read and extend it; loaded and validated here, at the config boundary, and
handed to the pure detectors as a frozen value.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from freshwatch.config.errors import ConfigError
from freshwatch.config.models import Category

__all__ = ["CategoryWords", "ColumnWords", "Confidence", "NameLength", "load_column_words"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CategoryWords(_Frozen):
    names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


class Confidence(_Frozen):
    exact: float = Field(ge=0, le=1)
    keyword_min: float = Field(ge=0, le=1)
    keyword_max: float = Field(ge=0, le=1)
    unknown: float = Field(ge=0, le=1)


class NameLength(_Frozen):
    min: int = Field(ge=1)
    max: int = Field(ge=1)


class ColumnWords(_Frozen):
    categories: dict[Category, CategoryWords]  # in file order: the first listed wins a tie
    confidence: Confidence
    plausible_below: float = Field(ge=0, le=1)
    name_length: NameLength
    skip_names: frozenset[str]
    more_names: frozenset[str]
    directory_names: frozenset[str]

    @model_validator(mode="after")
    def _no_home(self) -> ColumnWords:
        if Category.home in self.categories:
            raise ValueError("home 是站点首页，不是栏目类别")
        return self


def load_column_words(path: str | Path | None = None) -> ColumnWords:
    """The built-in vocabulary, or an office's own copy of it."""
    if path is None:
        source = "<built-in column_words.yaml>"
        text = resources.files("freshwatch.config").joinpath("column_words.yaml").read_text(encoding="utf-8")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(source, "", source, "文件不存在") from None
    data = yaml.safe_load(text)
    try:
        return ColumnWords.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        from freshwatch.config.loader import key_path

        raise ConfigError(
            source,
            key_path(first["loc"]),
            first.get("input"),
            str(first["msg"]).removeprefix("Value error, "),
        ) from None
