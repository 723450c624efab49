"""Chinese words users read for states, kinds and error classes (code keeps English values)."""

from __future__ import annotations

from freshwatch.config.periods import Period
from freshwatch.scoring.types import ContentIssue

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
