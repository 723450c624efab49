"""The sheet an office already keeps of its sites (xlsx or CSV), turned into freshwatch's units YAML.

Headers are Chinese or English, in any order: 网站名称/site_name, 网站标识码/site_code, 首页地址/home,
主办单位/unit, and optionally 栏目名称/column, 栏目地址/column_url, 类别/category.  One row per site, or
one row per column with the site's cells repeated.  Every value goes through the config's own models, and
a mistake is reported the way the config's are: file, row, column, value, what is allowed.

Unit ids: the 网站标识码 of the unit's first site, lower-cased (``4413000041``, ``bm22000001``).  It is
unique nationally, stable when names change, needs no pinyin, and is printed in every site's footer.
A unit is one 主办单位; each distinct 首页地址 is one of its sites.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from freshwatch.app.deduction_sheet import ENCODINGS
from freshwatch.app.errors import InputError
from freshwatch.config.column_words import ColumnWords
from freshwatch.config.loader import allowed_text
from freshwatch.config.models import CATEGORY_LABELS, CONFIGURABLE_CATEGORIES, Category, Column, Config, Site
from freshwatch.detectors.columns import column_key, guess_category

__all__ = ["SheetColumn", "SheetSite", "SheetUnit", "read_unit_sheet", "units_document"]

FIELDS = ("site_name", "site_code", "home", "unit", "column", "column_url", "category")
REQUIRED = ("site_name", "site_code", "home", "unit")
CHINESE = {
    "site_name": "网站名称",
    "site_code": "网站标识码",
    "home": "首页地址",
    "unit": "主办单位",
    "column": "栏目名称",
    "column_url": "栏目地址",
    "category": "类别",
}
HEADER_ALIASES = {
    **{chinese: name for name, chinese in CHINESE.items()},
    **{name: name for name in FIELDS},
    "网站标识": "site_code",
    "首页网址": "home",
    "网址": "home",
    "栏目网址": "column_url",
    "栏目类别": "category",
    "home_url": "home",
    "column_name": "column",
}
SITE_CODE = re.compile(r"^[0-9A-Za-z]{10}$")
SITE_CODE_FORM = "应为 10 位字母或数字的政府网站标识码（见网站页脚），如 4413000041"
_LABEL_CATEGORIES = {label: category.value for category, label in CATEGORY_LABELS.items()}


@dataclass(frozen=True, slots=True)
class SheetColumn:
    name: str
    url: str
    category: str
    guessed: bool  # 类别 was empty: the category comes from the name


@dataclass
class SheetSite:
    name: str
    code: str
    home: str
    row: int
    columns: list[SheetColumn] = field(default_factory=list)


@dataclass
class SheetUnit:
    id: str
    name: str
    sites: list[SheetSite] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Where:
    file: str
    row: int
    header: str

    def error(self, value: object, allowed: str) -> InputError:
        return InputError(f'{self.file}: 第 {self.row} 行，{self.header} 列：值 "{value}" 无效；{allowed}')


def read_unit_sheet(path: str | Path, words: ColumnWords) -> list[SheetUnit]:
    """Every unit of the sheet with its sites and columns, validated; nothing is written."""
    source = Path(path)
    rows = _rows(source)
    if not rows:
        raise InputError(f"{source}: 文件为空；第一行应为表头 {_allowed_header()}")
    header = _header(source, rows[0])
    units: dict[str, SheetUnit] = {}
    sites: dict[str, tuple[SheetUnit, SheetSite]] = {}
    codes: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        values = {
            name: str(cells[i] or "").strip() if i < len(cells) else "" for i, (name, _) in enumerate(header)
        }
        where = {name: _Where(str(source), number, spelled) for name, spelled in header}
        _add_row(values, where, number, units, sites, codes, words)
    if not units:
        raise InputError(f"{source}: 表头之后没有任何数据行")
    _validate_all(source, units)
    return list(units.values())


def units_document(units: list[SheetUnit]) -> dict[str, Any]:
    """The ``units:`` mapping as plain data, in sheet order (the writer chooses the YAML style)."""
    return {
        "units": [
            {
                "id": unit.id,
                "name": unit.name,
                "sites": [
                    {
                        "name": site.name,
                        "home": site.home,
                        "columns": [
                            {"name": c.name, "url": c.url, "category": c.category} for c in site.columns
                        ],
                    }
                    for site in unit.sites
                ],
            }
            for unit in units
        ]
    }


def _rows(source: Path) -> list[list[Any]]:
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(source)
    if source.suffix.lower() != ".csv":
        raise InputError(f"{source}: 只支持 .xlsx 或 .csv 文件")
    try:
        data = source.read_bytes()
    except OSError as error:
        raise InputError(f"{source}: 无法读取（{error.strerror or error}）") from None
    for encoding in ENCODINGS:
        try:
            return [list(r) for r in csv.reader(io.StringIO(data.decode(encoding)))]
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source}: 既不是 UTF-8 也不是 GBK 文本；请在 Excel 中另存为“CSV UTF-8”格式")


def _xlsx_rows(source: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors for broken files
        raise InputError(
            f"{source}: 无法作为 Excel 文件打开（{type(error).__name__}）；请另存为 .xlsx"
        ) from None
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _allowed_header() -> str:
    chinese = ",".join(CHINESE[f] for f in REQUIRED) + "[,栏目名称,栏目地址,类别]"
    english = ",".join(REQUIRED) + "[,column,column_url,category]"
    return f"{chinese} 或 {english}（顺序不限）"


def _header(source: Path, cells: list[Any]) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = []
    for index, raw in enumerate(cells):
        spelled = str(raw or "").strip()
        if not spelled:
            continue
        name = HEADER_ALIASES.get(spelled) or HEADER_ALIASES.get(spelled.lower())
        if name is None:
            raise InputError(
                f'{source}: 第 1 行，表头第 {index + 1} 列："{spelled}" 不是可识别的列名；请使用 {_allowed_header()}'
            )
        if any(name == known for known, _ in header):
            raise InputError(f'{source}: 第 1 行：表头中 "{spelled}" 出现了两次')
        while len(header) < index:
            header.append(("", ""))  # an unnamed column keeps the others in their places
        header.append((name, spelled))
    missing = [CHINESE[f] for f in REQUIRED if f not in dict(header)]
    if missing:
        raise InputError(f"{source}: 第 1 行：表头缺少 {', '.join(missing)}；请使用 {_allowed_header()}")
    return header


def _add_row(
    values: dict[str, str],
    where: dict[str, _Where],
    number: int,
    units: dict[str, SheetUnit],
    sites: dict[str, tuple[SheetUnit, SheetSite]],
    codes: dict[str, int],
    words: ColumnWords,
) -> None:
    for name in REQUIRED:
        if not values.get(name):
            raise where[name].error("", "必填，不能为空")
    code, home = values["site_code"], values["home"]
    if not SITE_CODE.match(code):
        raise where["site_code"].error(code, SITE_CODE_FORM)
    try:
        Site.model_validate({"home": home, "name": values["site_name"]})
    except ValidationError as error:
        raise where["home"].error(home, allowed_text(error.errors(include_url=False)[0])) from None
    key = column_key(home)
    known = sites.get(key)
    if known is None:
        if code.lower() in codes:
            raise where["site_code"].error(
                code, f"网站标识码重复：第 {codes[code.lower()]} 行的另一个首页已使用"
            )
        codes[code.lower()] = number
        unit = units.get(values["unit"])
        if unit is None:
            unit = units[values["unit"]] = SheetUnit(code.lower(), values["unit"])
        site = SheetSite(values["site_name"], code, home, number)
        unit.sites.append(site)
        sites[key] = (unit, site)
    else:
        unit, site = known
        if unit.name != values["unit"]:
            raise where["unit"].error(
                values["unit"], f"第 {site.row} 行的同一首页属于“{unit.name}”；一个网站只能有一个主办单位"
            )
    column = _column(values, where, words)
    if column is not None:
        if any(column_key(c.url) == column_key(column.url) for c in site.columns):
            raise where["column_url"].error(column.url, "该站点已登记这个栏目地址（同一地址只登记一次）")
        site.columns.append(column)


def _column(values: dict[str, str], where: dict[str, _Where], words: ColumnWords) -> SheetColumn | None:
    name, url, category = values.get("column", ""), values.get("column_url", ""), values.get("category", "")
    if not (name or url or category):
        return None
    if not name:
        raise where.get("column", where["home"]).error("", "填写了栏目地址或类别时，栏目名称必填")
    if not url:
        raise where.get("column_url", where["home"]).error("", "填写了栏目名称时，栏目地址必填")
    guessed = not category
    value = (
        _LABEL_CATEGORIES.get(category, category.lower())
        if category
        else guess_category(name, words).category.value
    )
    try:
        Column.model_validate({"name": name, "url": url, "category": value})
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        bad = category if problem["loc"][:1] == ("category",) else url
        header = "category" if problem["loc"][:1] == ("category",) else "column_url"
        allowed = allowed_text(problem)
        if header == "category":
            labels = "、".join(CATEGORY_LABELS[Category(c)] for c in CONFIGURABLE_CATEGORIES)
            allowed = f"可选：{', '.join(CONFIGURABLE_CATEGORIES)}，或中文 {labels}，或留空按栏目名称推断"
        raise where[header].error(bad, allowed) from None
    return SheetColumn(name, url, value, guessed)


def _validate_all(source: Path, units: dict[str, SheetUnit]) -> None:
    """The whole registry through the config model once more (unit ids, nesting)."""
    try:
        Config.model_validate(units_document(list(units.values())))
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        raise InputError(f"{source}: {problem['loc']}: {allowed_text(problem)}") from None
