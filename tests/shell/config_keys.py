"""Every key a config file may hold, with its default as docs/configuration.md shows it.

Read from the pydantic models, so the reference cannot drift from what the loader accepts.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from freshwatch.config.models import Config

REQUIRED = "required"
NONE = "—"


def _models(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(the model a field holds, whether it is a list of them)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        if origin is list and isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, True
        if origin in (typing.Union, types.UnionType):
            inner, many = _models(arg)
            if inner is not None:
                return inner, many
    return None, False


def shown_default(field: FieldInfo) -> str:
    if field.default is PydanticUndefined:
        if field.default_factory is None:
            return REQUIRED
        value = field.default_factory()  # type: ignore[call-arg]
    else:
        value = field.default
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[]"
    return str(value)


def config_keys(model: type[BaseModel] = Config, prefix: str = "") -> dict[str, str]:
    """``{"crawl.timeout": "15.0", "units[].sites[].home": "required", ...}``; sections are not keys."""
    keys: dict[str, str] = {}
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        path = prefix + (field.alias or name)
        inner, many = _models(field.annotation)
        if inner is None or many:
            keys[path] = shown_default(field)
        if inner is not None:
            keys.update(config_keys(inner, path + ("[]." if many else ".")))
    return keys
