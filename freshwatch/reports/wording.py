"""Chinese words users read for states, kinds and error classes (code keeps English values)."""

from __future__ import annotations

from freshwatch.config.periods import Period

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
    "slow": "响应过慢",  # a probe that answered, but after the rulebook's slow_seconds
}


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


PERIOD_UNITS = {"d": "天", "w": "周", "mo": "个月", "y": "年"}


def period_label(period: Period) -> str:
    """14d -> 14 天, 6mo -> 6 个月: a rulebook period as users read it."""
    return f"{period.amount} {PERIOD_UNITS.get(period.unit, period.unit)}"


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
