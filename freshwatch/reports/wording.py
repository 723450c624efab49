"""Chinese words users read for states, kinds and error classes (code keeps English values)."""

from __future__ import annotations

from datetime import UTC, date, tzinfo

from freshwatch.app.errors import HomePageUnreadable, SharedDatabaseRequired
from freshwatch.config.periods import Period
from freshwatch.scoring.errors import MixedYears, NoRulebookInForce
from freshwatch.scoring.types import ContentIssue
from freshwatch.storage.errors import (
    DatabaseMissing,
    DatabaseUnavailable,
    DatabaseUrlInvalid,
    ForeignDatabase,
    ManualEntryMissing,
    ManualEntryWithdrawn,
    PointsNotFinite,
    QuarterFrozen,
    StoredDataUnreadable,
    UnsupportedDatabase,
)

STATE_LABELS = {
    "ok": "正常",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "blank": "空白栏目",
    "unreachable": "无法访问",
    "undated": "未注明日期",
    "unreadable": "无法识别",
    "unchecked": "未检查",
}

NO_DATA = "无监测数据"

KIND_LABELS = {"page": "页面", "attachment": "附件", "image": "图片", "external": "外部链接"}

ERROR_LABELS = {
    "http_4xx": "页面不存在或拒绝访问",
    "http_5xx": "服务器错误",
    "timeout": "访问超时",
    "dns": "域名无法解析",
    "connect": "无法连接",
    "tls": "证书错误",
    "soft_404": "页面显示不存在",
    "redirect_loop": "重定向循环",
    "too_many_redirects": "重定向次数过多",
    "redirect_to_error": "重定向到错误页",
    "too_large": "页面过大",
    "private_address": "指向内网地址",
    "bad_content": "内容与类型不符",
    "blocked": "疑似被拦截（待人工确认）",
    "invalid_url": "链接地址无效",
    "slow": "响应过慢",  # a probe that answered, but after the rulebook's slow_seconds
}


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


PERIOD_UNITS = {"d": "天", "w": "周", "mo": "个月", "y": "年"}


def period_label(period: Period) -> str:
    """14d -> 14 天, 6mo -> 6 个月: a rulebook period as users read it."""
    return f"{period.amount} {PERIOD_UNITS.get(period.unit, period.unit)}"


SOURCE_LABELS = {
    "stale": "栏目更新预警",
    "links": "失效链接",
    "blank": "空白栏目",
    "manual": "人工录入",
    "availability": "站点可用性",
}
JOB_LABELS = {"crawl": "抓取", "probe": "可用性探测", "digest": "每日简报"}


def source_label(source: str) -> str:
    """Where a deduction came from (a ``DeductionSource`` value)."""
    return SOURCE_LABELS.get(str(source), str(source))


def job_label(job: str) -> str:
    return JOB_LABELS.get(job, job)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def error_label(error: str | None, status: int | None = None) -> str:
    if error is None:
        return ""
    text = ERROR_LABELS.get(str(error), str(error))
    return f"{text}（{status}）" if status else text


def manual_column_hint() -> str:
    """The help of ``deduct --column``: the rulebook's table columns that take manual entries."""
    return "记入得分表的哪一列（默认为规则得分表中第一个登记人工扣分的列，全国规则下为 日常监测）"


MANUAL_COLUMN_MISSING = "规则的得分表中没有登记人工扣分的列（from: [manual]），无法登记人工扣分"


def unreachable_label(error: str | None, status: int | None) -> str:
    """无法访问（404） for an HTTP status; 无法访问（访问超时） for a failure without one."""
    if status and status >= 400:
        return f"{STATE_LABELS['unreachable']}（{status}）"
    reason = error_label(error, status) if error else "不是网页"
    return f"{STATE_LABELS['unreachable']}（{reason}）"


# --- errors the lower layers raise as facts, worded once for people ---------------------------------

DATABASE_URL_FORM = "应为 sqlite:///路径 或 postgresql+psycopg://用户@主机:端口/数据库"


def error_message(error: Exception, tz: tzinfo = UTC) -> str:
    """One Chinese line for an error a layer raised with its facts as attributes; days in ``tz``,
    the office's time zone."""
    match error:
        case DatabaseUrlInvalid(url=url):
            # the driver's reason is English (SQLAlchemy's hint); the allowed forms say it for clerks
            return f"数据库地址无效: {url}; {DATABASE_URL_FORM}"
        case UnsupportedDatabase(url=url):
            return f"不支持的数据库: {url}; {DATABASE_URL_FORM}"
        case DatabaseUnavailable(url=url, reason=reason):
            return f"无法打开数据库 {url}（技术详情：{reason}）"
        case DatabaseMissing(url=url, path=path) if path:
            return (
                f"数据库文件不存在：{path}（来自 {url}）；"
                "请检查 --db 或 FRESHWATCH_DB 是否写错，或先运行 freshwatch init（或 crawl）创建"
            )
        case DatabaseMissing(url=url):
            return (
                f"数据库 {url} 是空的，还没有 freshwatch 的数据；"
                "请检查 --db 是否写错，或先运行 freshwatch init（或 crawl）创建"
            )
        case ForeignDatabase(url=url, admin=True):
            return (
                f"{url} 是 PostgreSQL 的系统数据库，freshwatch 不在其中建表；"
                "请先建一个专用数据库（如 CREATE DATABASE freshwatch）再用它的地址"
            )
        case ForeignDatabase(url=url, tables=tables) if tables:
            listed = "、".join(tables[:5]) + ("等" if len(tables) > 5 else "")
            return (
                f"数据库 {url} 已有其他程序的表（{listed}），不是 freshwatch 的数据库；"
                "请为 freshwatch 另建一个空数据库，未作任何改动"
            )
        case ForeignDatabase(url=url, revision=revision):
            return (
                f"数据库 {url} 的结构版本 {revision} 不是本版本 freshwatch 所知的；"
                "它可能属于更新版本的 freshwatch 或其他程序，未作任何改动"
            )
        case StoredDataUnreadable(reason=reason):
            return f"数据库中保存的得分表无法读取（{reason}）"
        case QuarterFrozen(frozen=frozen):
            return frozen_quarter_message(
                frozen.quarter, frozen.rulebook, frozen.frozen_at.astimezone(tz).date()
            )
        case ManualEntryMissing(entry_id=entry_id):
            return f"没有编号为 {entry_id} 的人工扣分记录"
        case ManualEntryWithdrawn(entry_id=entry_id, at=at, reason=reason):
            return f"人工扣分记录 {entry_id} 已于 {at:%Y-%m-%d} 撤销（{reason}）"
        case PointsNotFinite(points=points):
            return f"扣分必须是数字，收到 {points!r}"
        case NoRulebookInForce(day=day, what=what, configured=configured):
            names = "、".join(configured) or "无"
            where = f"{what}（{day}）" if what else str(day)
            return f"{where} 没有适用的规则（已配置的规则：{names}）；请检查各规则的 applies:"
        case HomePageUnreadable(url=url, error=kind, status=status, detail=detail):
            why = error_label(kind, status) if kind else f"HTTP {status}，不是 HTML 页面"
            return f"无法读取首页 {url}：{why}" + (f"（{detail}）" if detail and kind else "")
        case MixedYears(years=years):
            return f"年度得分只能由同一年的各季度得分计算；实际涉及年份：{list(years)}"
        case SharedDatabaseRequired(url=url):
            return (
                "executor.kind 为 celery 时，抓取节点分布在多台机器上，直接写入数据库，"
                f"不能使用 SQLite 文件（{url}）；请把 database 设为 postgresql+psycopg://用户:密码@主机:5432/库名"
            )
    return str(error)


def frozen_quarter_message(quarter: str, rulebook: str, frozen_on: date) -> str:
    """The one wording of the rule that a published quarter no longer changes."""
    return f"{quarter} 的得分表已于 {frozen_on:%Y-%m-%d} 冻结（规则：{rulebook}），此后的导出一律使用冻结时的结果"


# --- discover / check-config ------------------------------------------------------------------------

VERDICT_LABELS = {
    "ok": "列表（有日期）",
    "undated": "列表（无日期）",
    "blank": "空列表",
    "unreadable": "不是列表",
    "unreachable": "无法访问",
}

PLACE_LABELS = {"nav": "导航", "more": "“更多”链接", "body": "正文", "chrome": "页面框架"}

# what to change, per check-config finding; {fields} come from the column's report
FINDING_ADVICE = {
    "unreachable": "无法访问（{error}）：核对栏目地址，或在浏览器中打开确认",
    "not_a_list": "不是列表页（{reason}）：改为该栏目的列表页地址",
    "undated": "列表上读不到发布日期：确认地址是栏目列表页；确实不标日期的栏目会被视为不更新",
    "category": "类别可能有误：名称/页面标题像“{guess}”（{guess_value}），登记的是“{registered}”（{registered_value}）",
    "duplicate": "与 {others} 登记了同一地址：删去重复的一条",
    "redirected": "地址已跳转到 {final}：改为跳转后的地址",
}


def verdict_label(verdict: str | None) -> str:
    if verdict is None:
        return "无法访问"
    return VERDICT_LABELS.get(verdict, verdict)


def yes_no(value: bool) -> str:
    return "是" if value else "否"


# --- content findings ---------------------------------------------------------------------------

FINDING_KIND_LABELS = {
    "privacy": "个人信息泄露（疑似）",
    "typo": "错别字与表述错误",
    "interpretation": "政策解读不及时",
    "consultation": "征求意见未反馈",
}

FINDING_SUBTYPE_LABELS = {
    "id_number": "身份证号",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "typo": "错别字",
    "leader": "领导职务错误",
    "outdated_name": "机构名称过时",
    "missing": "未见",
    "late": "逾期发布",
}


def days_late_text(kind: str, days: int | None) -> str:
    """ "，逾期 3 个工作日": interpretations count working days, consultations calendar days."""
    if days is None:
        return ""
    unit = "个工作日" if kind == "interpretation" else "天"
    return f"，逾期 {days} {unit}"


def finding_text(f: ContentIssue) -> tuple[str, list[str]]:
    """One content finding in words: what, where; the context is masked as stored."""
    what = FINDING_SUBTYPE_LABELS.get(f.subtype, f.subtype)
    if f.kind == "privacy":
        head = f"【{f.level}】{what} {f.masked or ''}（请核实并删除或脱敏）"
    elif f.kind == "typo":
        head = f"【{f.level}】{what}：“{f.detail}”应为“{f.suggestion or ''}”"
    else:
        head = f"《{f.detail}》{what}{days_late_text(f.kind, f.days_late)}"
    return head, [f"上下文：{f.context}", f.url]
