"""Read the config file and the rulebook, and turn every mistake into one teaching message.

A message names the file, the key path (``units[3].sites[0].columns[2].category``), the bad value
and what is allowed.  Only the first error is reported: a clerk fixes one line at a time and the
next run shows the next one.
"""

from __future__ import annotations

import os
import reprlib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from freshwatch.config.errors import ConfigError
from freshwatch.config.models import Config, Rulebook

DEFAULT_CONFIG = "freshwatch.yaml"
BUILTIN_RULEBOOKS = ("national", "demo")


def config_path(explicit: str | None) -> Path:
    """The config file to read: ``--config``, then $FRESHWATCH_CONFIG, then ./freshwatch.yaml."""
    return Path(explicit or os.environ.get("FRESHWATCH_CONFIG") or DEFAULT_CONFIG)


def load_config(path: str | Path) -> Config:
    path = Path(path)
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(str(path), "", _short(data), "文件内容应为映射（键: 值），并包含 units: 键")
    units = data.get("units")
    units_file = path
    if isinstance(units, str):
        units_file = (path.parent / units).resolve()
        units = _read_yaml(units_file)
        if isinstance(units, dict) and "units" in units:
            units = units["units"]
        data = {**data, "units": units}
    rules = data.get("rules")
    if isinstance(rules, str):
        data = {**data, "rules": _rulebook_source(path, rules)}
    elif isinstance(rules, list):
        data = {**data, "rules": [_rulebook_source(path, r) if isinstance(r, str) else r for r in rules]}
    try:
        config = Config.model_validate({**data, "source": str(path)})
    except ValidationError as error:
        raise _teach(error, path, units_file if units_file != path else None) from None
    seen: dict[str, int] = {}
    for index, unit in enumerate(config.units):
        if unit.id in seen:
            where = f"units[{index}].id"
            raise ConfigError(
                str(units_file), where, unit.id, f"单位 id 不能重复；units[{seen[unit.id]}] 已使用该 id"
            )
        seen[unit.id] = index
    return config


def _rulebook_source(config_file: Path, source: str) -> str:
    """A built-in name as it is; a file relative to the config file that names it."""
    return source if source in BUILTIN_RULEBOOKS else str((config_file.parent / source).resolve())


def load_rulebook(source: str | Path | None) -> Rulebook:
    """A rulebook from a file, or a built-in one by name (``national`` by default)."""
    if source is None or str(source) in BUILTIN_RULEBOOKS:
        name = str(source or "national")
        text = resources.files("freshwatch.config").joinpath(f"rules/{name}.yaml").read_text(encoding="utf-8")
        return _validate_rulebook(yaml.safe_load(text), Path(f"<built-in {name} rulebook>"))
    path = Path(source)
    return _validate_rulebook(_read_yaml(path), path)


def rulebook_for(config: Config) -> Rulebook:
    """The first configured rulebook (the shell picks one per quarter from ``load_rulebooks``)."""
    return load_rulebook(config.rule_sources()[0])


def load_rulebooks(config: Config, config_file: str = "配置文件") -> list[Rulebook]:
    """Every configured rulebook, refusing two that start on the same day (neither would be in force)."""
    rulebooks = [load_rulebook(source) for source in config.rule_sources()]
    starts: dict[object, str] = {}
    for rulebook in rulebooks:
        start = rulebook.applies.from_
        if start in starts:
            raise ConfigError(
                config_file,
                "rules",
                f"{starts[start]}、{rulebook.name}",
                f"这两套规则自同一天（{start or '最早'}）起适用，无法判断用哪一套；请调整它们的 applies.from 使其不同",
            )
        starts[start] = rulebook.name
    return rulebooks


def _validate_rulebook(data: Any, path: Path) -> Rulebook:
    if not isinstance(data, dict):
        raise ConfigError(str(path), "", _short(data), "规则文件内容应为映射，并包含 freshness: 和 table: 键")
    try:
        return Rulebook.model_validate(data)
    except ValidationError as error:
        raise _teach(error, path, None) from None


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "", str(path), "文件不存在") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", "（无法解码的字节）", "请将文件另存为 UTF-8 编码") from None
    try:
        return yaml.load(text, Loader=_NoAliasLoader)
    except _AliasRefused as refused:
        where = f"第 {refused.line} 行"
        raise ConfigError(str(path), where, f"*{refused.anchor}", _NO_ALIASES) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), where, problem, "文件必须是有效的 YAML") from None


_NO_ALIASES = "不支持 YAML 别名（&锚点 / *引用）：请把内容直接写出（别名可被用来把几行文字展开成数十亿项）"


class _AliasRefused(Exception):
    def __init__(self, anchor: str, line: int) -> None:
        super().__init__(anchor)
        self.anchor = anchor
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses every alias: a 1 KB "billion laughs" file can't expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(str(event.anchor), event.start_mark.line + 1)
        return super().compose_node(parent, index)


def key_path(loc: tuple[int | str, ...]) -> str:
    """``('units', 3, 'sites', 0)`` -> ``units[3].sites[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _teach(error: ValidationError, path: Path, units_file: Path | None) -> ConfigError:
    errors = error.errors(include_url=False)
    # a value that fits no branch of a union (rules: a name or a list of names) fails once per
    # branch; the deepest failure points at the bad item instead of the whole value
    first = max((e for e in errors if e["loc"][:1] == errors[0]["loc"][:1]), key=lambda e: len(e["loc"]))
    loc = tuple(part for part in first["loc"] if not _is_union_tag(part))
    loc = tuple("from" if part == "from_" else part for part in loc)
    file = units_file if units_file is not None and loc[:1] == ("units",) else path
    value = first.get("input")
    kind = first["type"]
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        allowed = f"未知的键；此处可用的键：{', '.join(parent)}" if parent else "未知的键"
        return ConfigError(str(file), key_path(loc), loc[-1], allowed)
    if kind == "missing":
        return ConfigError(str(file), key_path(loc), None, "缺少此键（必填）")
    return ConfigError(str(file), key_path(loc), _short(value), _allowed(kind, first))


# pydantic's own checks, said in Chinese; a validator of ours already says what is allowed
_PLAIN = {
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "date_parsing": "应为日期，如 2019-01-01",
    "date_from_datetime_parsing": "应为日期，如 2019-01-01",
    "date_type": "应为日期，如 2019-01-01",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "应不小于 {}"),
    "greater_than": ("gt", "应大于 {}"),
    "less_than_equal": ("le", "应不大于 {}"),
    "less_than": ("lt", "应小于 {}"),
    "too_short": ("min_length", "至少需要 {} 项"),
}


def allowed_text(error: Any) -> str:
    """What is allowed, in Chinese, for one pydantic error (``ValidationError.errors()`` entry)."""
    return _allowed(error["type"], error)


def _allowed(kind: str, error: Any) -> str:
    ctx = error.get("ctx", {})
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return "可选：" + expected
    if kind in _BOUNDS:
        name, text = _BOUNDS[kind]
        return text.format(ctx.get(name))
    if kind in _PLAIN:
        return _PLAIN[kind]
    return str(error["msg"]).removeprefix("Value error, ")


def _is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and (
        part.startswith("function-") or part in {"str", "list[Unit]", "list[str]"}
    )


def _model_at(loc: tuple[int | str, ...]) -> list[str]:
    """The allowed keys of the model found at ``loc`` in the config or rulebook schema."""
    model: type[BaseModel] | None = Config if loc[:1] in {("units",), ()} else None
    if loc and loc[0] in Rulebook.model_fields and loc[0] not in Config.model_fields:
        model = Rulebook
    if model is None and loc and loc[0] in Config.model_fields:
        model = Config
    if model is None:
        return []
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part)) or model.model_fields.get(f"{part}_")
        if field is None:
            return []
        inner = _inner_model(field.annotation)
        if inner is None:
            return []
        model = inner
    return [f.alias or name for name, f in model.model_fields.items() if name != "source"]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _bounded_repr() -> reprlib.Repr:
    shape = reprlib.Repr()  # attributes, not keywords: Python 3.11's Repr takes none
    shape.maxlevel, shape.maxdict, shape.maxlist, shape.maxtuple = 3, 4, 4, 4
    shape.maxstring = shape.maxother = 60
    return shape


def _short(value: Any) -> Any:
    """The value for a message, bounded while it is formatted (never formatted whole, then cut)."""
    if isinstance(value, bool | int | float | None):
        return value
    if isinstance(value, str) and len(value) <= 80:
        return value
    text = _bounded_repr().repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
