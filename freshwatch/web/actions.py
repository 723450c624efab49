"""The actions (POST): rectification claims and disputes by units; bookings, decisions, freezes,
downloads and crawls by the office.  Every office action is written to the audit log.
"""

from __future__ import annotations

import json
import tempfile
import threading
from datetime import datetime
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from freshwatch import storage
from freshwatch.app.clock import utc_now, zone
from freshwatch.app.errors import InputError
from freshwatch.scoring.types import BrokenLink, Quarter
from freshwatch.web.guard import Scope
from freshwatch.web.server import Console


def _text(form: FormData | None, key: str, *, required: str | None = None) -> str:
    value = form.get(key) if form is not None else None
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if required and not text:
        raise InputError(f"请填写{required}")
    return text


def _back(path: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?done={done}", status_code=303)


def _audit(console: Console, scope: Scope, action: str, target: str, before: object, after: object) -> None:
    with console.app.store().session() as session:
        storage.record_audit(
            session,
            actor=scope.viewer.name,
            action=action,
            target=target,
            before=json.dumps(before, ensure_ascii=False, default=str) if before is not None else "",
            after=json.dumps(after, ensure_ascii=False, default=str) if after is not None else "",
            at=utc_now(),
        )


def rectify(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    """已整改: a unit (or the office for it) claims an overdue column or a broken link is fixed."""
    found = scope.unit(request.path_params["unit_id"])
    kind = _text(form, "kind")
    target = _text(form, "target", required="整改对象")
    note = _text(form, "note", required="整改说明")
    if kind == "column":
        columns = {c.url: c.name for site in found.sites for c in site.columns} | {
            site.home: "首页" for site in found.sites
        }
        if target not in columns:
            raise InputError("该栏目不属于本单位")
        label = columns[target]
    elif kind == "link":
        broken = {b.url for b in storage_broken(console, found.id)}
        if target not in broken:
            raise InputError("该链接不在本单位当前的失效链接中")
        label = target
    else:
        raise InputError("整改对象类型无效")
    with console.app.store().session() as session:
        storage.claim_fixed(
            session,
            unit_id=found.id,
            kind=kind,
            target=target,
            label=label,
            note=note,
            by=scope.viewer.name,
            at=utc_now(),
        )
    if scope.viewer.is_office:
        _audit(console, scope, "rectify.claim", f"{found.id} {kind} {target}", None, {"note": note})
    return _back(f"/unit/{found.id}", "rectified")


def storage_broken(console: Console, unit_id: str) -> list[BrokenLink]:
    from freshwatch.app.read_models import current_broken_links

    return current_broken_links(
        console.app.store(), [console.app.config().unit(unit_id)], tz=zone(console.app.config())
    )


def dispute(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    """申诉: a unit disputes one of its own manual deductions."""
    found = scope.unit(request.path_params["unit_id"])
    try:
        entry_id = int(_text(form, "entry_id"))
    except ValueError:
        raise InputError("扣分编号无效") from None
    reason = _text(form, "reason", required="申诉理由")
    with console.app.store().session() as session:
        storage.file_dispute(
            session,
            entry_id=entry_id,
            unit_id=found.id,
            reason=reason,
            by=scope.viewer.name,
            at=utc_now(),
        )
    return _back(f"/unit/{found.id}", "disputed")


def decide(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    from freshwatch.app.rectification import decide_dispute

    decision = _text(form, "decision")
    if decision not in ("accept", "reject"):
        raise InputError("请选择采纳或驳回")
    decide_dispute(
        console.app,
        int(request.path_params["dispute_id"]),
        accepted=decision == "accept",
        reason=_text(form, "reason", required="处理理由"),
        by=scope.viewer.name,
    )
    return _back("/deductions", "decided")


def book(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    from freshwatch.app.quarters import bookable_quarter, manual_column

    found = scope.unit(_text(form, "unit", required="单位"))
    try:
        day = datetime.strptime(_text(form, "day"), "%Y-%m-%d").date()
        points = float(_text(form, "points"))
    except ValueError:
        raise InputError("日期应为 YYYY-MM-DD，扣分应为数字") from None
    quarter = bookable_quarter(console.app, day, "日期")
    rulebook = console.app.rulebook_for(quarter)
    if not 0 < points <= rulebook.base_score:
        raise InputError(f"扣分应大于 0 且不超过 {rulebook.base_score:g}")
    title = manual_column(rulebook, _text(form, "column") or None)
    reason = _text(form, "reason", required="扣分原因")
    console.app.remember_registry()
    with console.app.store().session() as session:
        entry_id = storage.add_manual(
            session,
            unit_id=found.id,
            day=day,
            points=points,
            column=title,
            reason=reason,
            author=scope.viewer.name,
            at=utc_now(),
        )
    after = {"unit": found.id, "day": day, "points": points, "column": title, "reason": reason}
    _audit(console, scope, "deduction.book", f"扣分 #{entry_id}", None, after)
    return _back("/deductions", "booked")


def import_sheet(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    from freshwatch.app.quarters import import_file

    upload = form.get("file") if form is not None else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("请选择要导入的 CSV 文件")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.filename).name
        path.write_bytes(upload.file.read())
        added, skipped = import_file(console.app, path)
    _audit(console, scope, "deduction.import", upload.filename, None, {"added": added, "skipped": skipped})
    return _back("/deductions", "imported")


def withdraw(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    from freshwatch.app.quarters import bookable_quarter

    entry_id = int(request.path_params["entry_id"])
    reason = _text(form, "reason", required="撤销原因")
    with console.app.store().session() as session:
        entry = storage.manual_entry(session, entry_id)
    if entry is None:
        raise InputError(f"没有编号为 {entry_id} 的人工扣分记录")
    scope.unit(entry.unit_id)
    bookable_quarter(console.app, entry.day, f"扣分 #{entry_id} 的日期", allow_future=True)
    with console.app.store().session() as session:
        storage.withdraw_manual(session, entry_id, reason=reason, at=utc_now())
    before = {"unit": entry.unit_id, "points": entry.points, "reason": entry.reason, "withdrawn": False}
    _audit(
        console,
        scope,
        "deduction.withdraw",
        f"扣分 #{entry_id}",
        before,
        {"withdrawn": True, "reason": reason},
    )
    return _back("/deductions", "withdrawn")


def freeze(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    from freshwatch.app.quarters import quarter_result

    quarter = _parse_quarter(_text(form, "quarter"))
    result = quarter_result(console.app, quarter, freeze=True)
    _audit(
        console,
        scope,
        "quarter.freeze",
        str(quarter),
        {"frozen": False},
        {"frozen": True, "rulebook": result.rulebook.name},
    )
    return _back("/reports", "frozen")


def _parse_quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise InputError(f"季度 {text!r} 无效；格式如 2018Q4") from None


MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    from urllib.parse import quote

    from freshwatch.app.quarters import export_table, quarter_result

    quarter = _parse_quarter(request.query_params.get("quarter", ""))
    fmt = request.query_params.get("format", "csv")
    if fmt not in MEDIA:
        raise InputError(f"格式 {fmt!r} 无效；可选：{', '.join(MEDIA)}")
    result = quarter_result(console.app, quarter)
    name = f"{quarter}-得分表.{fmt}" if fmt != "docx" else f"{quarter}-通报.docx"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"table.{fmt}"
        text = export_table(console.app, result, fmt, out)
        body = text.encode("utf-8") if text is not None else out.read_bytes()
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return Response(body, media_type=MEDIA[fmt], headers=headers)


def start_crawl(console: Console, request: Request, scope: Scope, form: FormData | None) -> Response:
    """Crawl one unit in a worker thread of this process (under the same database crawl lock)."""
    import asyncio

    from freshwatch.app.crawl_job import run_crawl

    found = scope.unit(_text(form, "unit", required="单位"))
    running = console.crawls.get(found.id)
    if running is not None and running.is_alive():
        raise InputError(f"{found.name} 正在抓取")
    config, store = console.app.config(), console.app.store()

    def work() -> None:
        asyncio.run(run_crawl(config, store, units=[found.id]))

    thread = threading.Thread(target=work, name=f"crawl-{found.id}", daemon=True)
    thread.start()
    console.crawls[found.id] = thread
    _audit(console, scope, "crawl.start", found.id, None, {"unit": found.id})
    return _back("/runs", "crawling")


ROUTES = [
    ("/unit/{unit_id}/rectify", rectify, ["POST"], False),
    ("/unit/{unit_id}/dispute", dispute, ["POST"], False),
    ("/disputes/{dispute_id:int}/decide", decide, ["POST"], True),
    ("/deductions/book", book, ["POST"], True),
    ("/deductions/import", import_sheet, ["POST"], True),
    ("/deductions/{entry_id:int}/withdraw", withdraw, ["POST"], True),
    ("/reports/freeze", freeze, ["POST"], True),
    ("/reports/download", download, ["GET"], True),
    ("/runs/crawl", start_crawl, ["POST"], True),
]
