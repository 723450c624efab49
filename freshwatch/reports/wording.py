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
}

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


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def error_label(error: str | None, status: int | None = None) -> str:
    if error is None:
        return ""
    text = ERROR_LABELS.get(str(error), str(error))
    return f"{text}（{status}）" if status else text
