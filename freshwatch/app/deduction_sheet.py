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
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from freshwatch.app.errors import InputError
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
POINTS_FORM = "应为正数的扣分，如 0.5 或 2"
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
        return InputError(f'{self.file}: 第 {self.line} 行，{self.column} 列：值 "{value}" 无效；{allowed}')


def parse_deductions(
    path: str | Path,
    *,
    unit_ids_by_name: Mapping[str, str],
    table_titles: Collection[str],
    quarter_of: Callable[[date], Quarter | None] = Quarter.of,
) -> list[ImportedDeduction]:
    """Every row of the file, validated.

    ``quarter_of`` maps a date to the quarter it is booked in, or None for a date the office can't
    book (a frozen or future quarter, say); the default accepts every date.
    """
    source = Path(path)
    reader = csv.reader(io.StringIO(_read(source)))
    header = _header(source, next(reader, None))
    rows: list[ImportedDeduction] = []
    seen: dict[str, int] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        if len(cells) > len(header):
            raise InputError(f"{source}: 第 {line} 行：有 {len(cells)} 个值，但表头只有 {len(header)} 列")
        values = {field: cells[i].strip() if i < len(cells) else "" for i, (field, _) in enumerate(header)}
        spelled = dict(header)
        where = {field: _Where(str(source), line, spelled[field]) for field in spelled}
        rows.append(_row(values, where, line, unit_ids_by_name, table_titles, quarter_of, seen))
    return rows


def _read(source: Path) -> str:
    try:
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
    seen: dict[str, int],
) -> ImportedDeduction:
    unit_id = _unit(values["unit"], where["unit"], unit_ids_by_name)
    day = _date(values["date"], where["date"])
    quarter = quarter_of(day)
    if quarter is None:
        allowed = "日期应在可计分的季度内（不晚于今天，且所在季度的得分表未冻结）"
        raise where["date"].error(values["date"], allowed)
    points = _points(values["points"], where["points"])
    column = values["column"]
    if column not in table_titles:
        raise where["column"].error(column, f"应为得分表中的列之一：{'、'.join(table_titles)}")
    reason = " ".join(values["reason"].split())
    if not reason:
        raise where["reason"].error("", "原因不能为空：请写明扣分原因")
    source_id = values.get("source_id") or None
    content = "\x1f".join([unit_id, day.isoformat(), _canonical(points), column, reason, source_id or ""])
    occurrence = seen.get(content, 0)
    seen[content] = occurrence + 1
    key = content if occurrence == 0 else f"{content}\x1f#{occurrence}"
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


def _points(value: str, where: _Where) -> Decimal:
    try:
        points = Decimal(value)
    except InvalidOperation:
        raise where.error(value, POINTS_FORM) from None
    if not points.is_finite() or points <= 0 or not math.isfinite(float(points)):
        raise where.error(value, POINTS_FORM)
    return points


def _canonical(points: Decimal) -> str:
    """2, 2.0 and 2.00 are the same deduction and must give the same key."""
    return format(points.normalize(), "f")
