"""Deductions from outside the crawler: a third-party report or the office's own daily checks, as CSV.

The header may be Chinese (单位,日期,扣分,栏目,原因,来源编号) or English (unit,date,points,column,
reason,source_id); 来源编号/source_id is optional.  A unit is given by id or by name.  Every error
names the file, the line, the column, the bad value and what is allowed, so a clerk can fix the
spreadsheet without asking.  Nothing is stored here: each row carries an ``import_key`` computed
from its content alone, so storage can make importing the same file twice change nothing.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import math
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from freshwatch.app.errors import InputError
from freshwatch.config.models import ImportSettings
from freshwatch.scoring.types import Quarter

FIELDS = ("unit", "date", "points", "column", "reason", "source_id")
REQUIRED = frozenset(FIELDS) - {"source_id"}
HEADER_ALIASES = {
    "单位": "unit",
    "日期": "date",
    "扣分": "points",
    "栏目": "column",
    "原因": "reason",
    "来源编号": "source_id",
    **{name: name for name in FIELDS},
}
ENCODINGS = ("utf-8-sig", "gb18030")  # Excel on a Chinese Windows saves CSV as GBK
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_SHOWN = 60  # characters of a bad value quoted in a message: enough to find it, never a whole cell
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def points_allowed(most: float) -> str:
    return f"应为大于 0 且不超过 {most:g} 的数字，如 0.5 或 2"


def points_ok(points: float, most: float) -> bool:
    """The one rule for a deduction's points, for ``deduct`` and for imports: 0 < points <= most."""
    return math.isfinite(points) and 0 < points <= most


DATE_FORMS = "应为日期，如 2018-10-05、2018/10/5、20181005 或 2018年10月5日"


@dataclass(frozen=True, slots=True)
class ImportedDeduction:
    line: int  # where it came from, for messages
    unit_id: str
    day: date
    quarter: Quarter
    points: float
    column: str  # a table title
    reason: str
    source_id: str | None
    import_key: str  # same row content, same key, whichever file it came from


@dataclass(frozen=True, slots=True)
class _Where:
    file: str
    line: int
    column: str  # the header as the file spells it

    def error(self, value: str, allowed: str) -> InputError:
        shown = value if len(value) <= _SHOWN else value[:_SHOWN] + f"…（共 {len(value)} 个字符）"
        shown = _CONTROLS.sub("�", shown)
        return InputError(f'{self.file}: 第 {self.line} 行，{self.column} 列：值 "{shown}" 无效；{allowed}')


def parse_deductions(
    path: str | Path,
    *,
    unit_ids_by_name: Mapping[str, str],
    table_titles: Collection[str],
    quarter_of: Callable[[date], Quarter | None] = Quarter.of,
    most: float = 100.0,
    limits: ImportSettings | None = None,
) -> list[ImportedDeduction]:
    """Every row of the file, validated; a row repeated in the file is taken once.

    ``quarter_of`` maps a date to the quarter it is booked in, or None for a date the office can't
    book (a frozen or future quarter, say); the default accepts every date.  ``most`` is the most
    points one entry may take (the rulebook's base score, as for ``deduct``); ``limits`` bound the
    file, its rows and its cells.
    """
    source = Path(path)
    limits = limits or ImportSettings()
    reader = csv.reader(io.StringIO(_read(source, limits)))
    header = _header(source, _next(reader, source))
    rows: list[ImportedDeduction] = []
    seen: set[str] = set()
    while (cells := _next(reader, source)) is not None:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num - sum(cell.rstrip("\r\n").count("\n") for cell in cells)  # row start
        if len(rows) >= limits.max_rows:
            raise InputError(
                f"{source}: 第 {line} 行：超过 {limits.max_rows} 行的上限（imports.max_rows）；请拆分文件"
            )
        if len(cells) > len(header):
            raise InputError(f"{source}: 第 {line} 行：有 {len(cells)} 个值，但表头只有 {len(header)} 列")
        _unclosed_quote(source, line, cells, len(header))
        values = {field: cells[i].strip() if i < len(cells) else "" for i, (field, _) in enumerate(header)}
        spelled = dict(header)
        where = {field: _Where(str(source), line, spelled[field]) for field in spelled}
        for field, value in values.items():
            _cell(value, where[field], limits)
        row = _row(values, where, line, unit_ids_by_name, table_titles, quarter_of, most)
        if row.import_key not in seen:  # the same row twice in one file is one deduction
            seen.add(row.import_key)
            rows.append(row)
    return rows


def _next(reader: Iterator[list[str]], source: Path) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as error:  # e.g. a field over the csv module's 131072-character limit
        line = getattr(reader, "line_num", 0)
        raise InputError(f"{source}: 第 {line} 行：无法按 CSV 读取（{error}）") from None


def _cell(value: str, where: _Where, limits: ImportSettings) -> None:
    if len(value) > limits.max_cell:
        raise where.error(value, f"单元格最多 {limits.max_cell} 个字符（imports.max_cell）")
    if _CONTROLS.search(value):
        raise where.error(value, "含有不可见的控制字符（如 NUL）；请删除后再导入")


def _unclosed_quote(source: Path, line: int, cells: list[str], columns: int) -> None:
    """A stray opening quote makes the CSV reader take the following lines into one cell, the
    source id with them: a cell holding whole rows is refused rather than stored as a reason."""
    for cell in cells:
        swallowed = [part for part in cell.split("\n")[1:] if part.count(",") >= columns - 2]
        if swallowed:
            raise InputError(
                f"{source}: 第 {line} 行：引号未闭合，后面 {len(swallowed)} 行被并入同一单元格"
                f'（从 "{swallowed[0][:_SHOWN]}" 起）；请检查该行的双引号'
            )


def _read(source: Path, limits: ImportSettings) -> str:
    try:
        size = source.stat().st_size
        if size > limits.max_bytes:
            raise InputError(
                f"{source}: 文件有 {size} 字节，超过 {limits.max_bytes} 字节的上限（imports.max_bytes）；请拆分文件"
            )
        data = source.read_bytes()
    except OSError as error:
        raise InputError(f"{source}: 无法读取（{error.strerror or error}）") from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source}: 既不是 UTF-8 也不是 GBK 文本；请在 Excel 中另存为“CSV UTF-8”格式")


def _header(source: Path, cells: list[str] | None) -> list[tuple[str, str]]:
    """(field, the header as written) per column, in file order."""
    allowed = "单位,日期,扣分,栏目,原因[,来源编号] 或 unit,date,points,column,reason[,source_id]"
    if not cells:
        raise InputError(f"{source}: 文件为空；第一行应为表头 {allowed}")
    header: list[tuple[str, str]] = []
    for index, raw in enumerate(cells):
        name = raw.strip()
        field = HEADER_ALIASES.get(name.lower())
        if field is None:
            raise InputError(
                f'{source}: 第 1 行，表头第 {index + 1} 列："{name}" 不是可识别的列名；请使用 {allowed}'
            )
        if any(field == known for known, _ in header):
            raise InputError(f'{source}: 第 1 行：表头中 "{name}" 出现了两次')
        header.append((field, name))
    missing = [field for field in FIELDS if field in REQUIRED and field not in dict(header)]
    if missing:
        raise InputError(f"{source}: 第 1 行：表头缺少 {', '.join(missing)}；请使用 {allowed}")
    return header


def _row(
    values: dict[str, str],
    where: dict[str, _Where],
    line: int,
    unit_ids_by_name: Mapping[str, str],
    table_titles: Collection[str],
    quarter_of: Callable[[date], Quarter | None],
    most: float,
) -> ImportedDeduction:
    unit_id = _unit(values["unit"], where["unit"], unit_ids_by_name)
    day = _date(values["date"], where["date"])
    quarter = quarter_of(day)
    if quarter is None:
        allowed = "日期应在可计分的季度内（不晚于今天，且所在季度的得分表未冻结）"
        raise where["date"].error(values["date"], allowed)
    points = _points(values["points"], where["points"], most)
    column = values["column"]
    if column not in table_titles:
        raise where["column"].error(column, f"应为得分表中的列之一：{'、'.join(table_titles)}")
    reason = " ".join(values["reason"].split())
    if not reason:
        raise where["reason"].error("", "原因不能为空：请写明扣分原因")
    source_id = values.get("source_id") or None
    key = "\x1f".join([unit_id, day.isoformat(), _canonical(points), column, reason, source_id or ""])
    return ImportedDeduction(
        line=line,
        unit_id=unit_id,
        day=day,
        quarter=quarter,
        points=float(points),
        column=column,
        reason=reason,
        source_id=source_id,
        import_key=hashlib.sha256(key.encode()).hexdigest()[:32],
    )


def _unit(value: str, where: _Where, unit_ids_by_name: Mapping[str, str]) -> str:
    ids = set(unit_ids_by_name.values())
    if value in ids:
        return value
    if value in unit_ids_by_name:
        return unit_ids_by_name[value]
    guess = difflib.get_close_matches(value, [*unit_ids_by_name, *ids], n=1)
    hint = f'（是否为 "{guess[0]}"？）' if guess else ""
    raise where.error(value, f"应为配置中的单位 ID 或名称（共 {len(ids)} 个单位）{hint}")


def _date(value: str, where: _Where) -> date:
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise where.error(value, DATE_FORMS)


def _points(value: str, where: _Where, most: float) -> Decimal:
    try:
        points = Decimal(value)
    except InvalidOperation:
        raise where.error(value, points_allowed(most)) from None
    if not points.is_finite() or not points_ok(float(points), most):  # 1e308, NaN, inf, 0, -1
        raise where.error(value, points_allowed(most))
    return points


def _canonical(points: Decimal) -> str:
    """2, 2.0 and 2.00 are the same deduction and must give the same key."""
    return format(points.normalize(), "f")
