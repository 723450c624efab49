"""Add discovered columns to a config (or units) file without disturbing what a person wrote there.

ruamel.yaml's round trip keeps comments, key order and quoting; a column whose URL is already registered
anywhere in the file is never touched (two spellings of one URL, ``/tzgg/`` and ``/tzgg/index.html``, are
one column).  The file is written only when the result loads as a valid config; otherwise it is left as it
was and the loader's message says why.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import load_config
from freshwatch.detectors.columns import column_key
from freshwatch.detectors.links import normalize_url
from freshwatch.errors import FreshwatchError

__all__ = ["MergeResult", "NewColumn", "merge_columns", "new_yaml", "same_home"]


@dataclass(frozen=True, slots=True)
class NewColumn:
    name: str
    url: str
    category: str


@dataclass(frozen=True, slots=True)
class MergeResult:
    file: Path  # the file written (the units file when the config names one)
    unit_id: str
    site_home: str
    added: tuple[NewColumn, ...]
    kept: tuple[NewColumn, ...]  # already registered (by URL): left as they are
    new_site: bool
    new_unit: bool


def new_yaml() -> YAML:
    """The one YAML dialect freshwatch writes: README's indentation, unicode kept, long lines unbroken."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 4096
    return yaml


def same_home(a: str, b: str) -> bool:
    return column_key(normalize_url(a) or a) == column_key(normalize_url(b) or b)


def flow_column(column: NewColumn) -> CommentedMap:
    entry = CommentedMap([("name", column.name), ("url", column.url), ("category", column.category)])
    entry.fa.set_flow_style()
    return entry


def merge_columns(
    config_file: str | Path,
    *,
    home: str,
    columns: Sequence[NewColumn],
    unit_id: str | None = None,
    site_name: str | None = None,
) -> MergeResult:
    """Append ``columns`` to the site whose home is ``home`` (creating the site, or the unit, when named)."""
    config_path = Path(config_file)
    yaml = new_yaml()
    target = _units_file(config_path, yaml)
    original = target.read_text(encoding="utf-8") if target.exists() else None
    document = yaml.load(original) if original else None
    if document is None:
        document = CommentedMap([("units", CommentedSeq())])
    units = document["units"] if isinstance(document, dict) else document
    if not isinstance(units, list):
        raise ConfigError(
            str(target), "units", _short(units), "应为单位列表；discover --write 只能写入单位列表"
        )
    unit, new_unit = _find_unit(units, unit_id, home, target, site_name)
    site, new_site = _find_site(unit, home, site_name)
    registered = {
        column_key(str(c.get("url", "")))
        for u in units
        for s in u.get("sites") or []
        for c in s.get("columns") or []
    }
    added: list[NewColumn] = []
    kept: list[NewColumn] = []
    site_columns = site.setdefault("columns", CommentedSeq())
    for column in columns:
        key = column_key(column.url)
        if key in registered:
            kept.append(column)
            continue
        registered.add(key)
        site_columns.append(flow_column(column))
        added.append(column)
    if added or new_site or new_unit:
        _write_checked(target, config_path, yaml, document, original)
    return MergeResult(
        target, str(unit["id"]), str(site["home"]), tuple(added), tuple(kept), new_site, new_unit
    )


def _units_file(config_path: Path, yaml: YAML) -> Path:
    """The file holding the units: the config itself, or the file its ``units:`` names."""
    if not config_path.exists():
        return config_path
    document = yaml.load(config_path.read_text(encoding="utf-8"))
    if isinstance(document, dict) and isinstance(document.get("units"), str):
        return (config_path.parent / str(document["units"])).resolve()
    return config_path


def _find_unit(
    units: list[Any], unit_id: str | None, home: str, target: Path, site_name: str | None
) -> tuple[Any, bool]:
    if unit_id is not None:
        for unit in units:
            if str(unit.get("id")) == unit_id:
                return unit, False
        unit = CommentedMap([("id", unit_id), ("name", site_name or unit_id), ("sites", CommentedSeq())])
        units.append(unit)
        return unit, True
    for unit in units:
        for site in unit.get("sites") or []:
            if same_home(str(site.get("home", "")), home):
                return unit, False
    raise FreshwatchError(
        f"{target} 中没有首页为 {home} 的站点；请用 --unit 指定要写入的单位（不存在时会新建）"
    )


def _find_site(unit: Any, home: str, site_name: str | None) -> tuple[Any, bool]:
    sites = unit.setdefault("sites", CommentedSeq())
    for site in sites:
        if same_home(str(site.get("home", "")), home):
            return site, False
    site = CommentedMap()
    if site_name:
        site["name"] = site_name
    site["home"] = home
    site["columns"] = CommentedSeq()
    sites.append(site)
    return site, True


def _write_checked(target: Path, config_path: Path, yaml: YAML, document: Any, original: str | None) -> None:
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    temporary = target.with_name(target.name + ".freshwatch-new")
    temporary.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(temporary, target)
    try:
        load_config(config_path)
    except FreshwatchError:
        if original is None:
            target.unlink()
        else:
            target.write_text(original, encoding="utf-8")
        raise


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "..."
