"""征求意见 feedback: a consultation whose closing day has passed gets its feedback in N days.

The closing day is read from the consultation's page (征求意见截止…, 反馈截止时间…, 征求意见时间为
A至B); a feedback item (意见采纳情况, 征集情况, 反馈) is matched to it by the 《title》 they share or
by their titles' common core.  N comes from the rulebook, counted in calendar days or working days.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from freshwatch.detectors.content_types import ContentFinding, FindingKind, Level, PageFacts
from freshwatch.detectors.titles import normal_title, references
from freshwatch.detectors.types import Item
from freshwatch.detectors.workdays import add_workdays, workdays_between

__all__ = ["closing_day", "is_consultation_title", "is_feedback_title", "unanswered_consultations"]

_DATE = r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
_SHORT = r"(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
_LABELLED = re.compile(
    r"(?:征求意见|意见反馈|反馈意见|意见征集|反馈|征集|意见)[^。\n]{0,6}?(?:截止|截至)(?:时间|日期)?(?:为|是|到|至)?[：:\s]*"
    + _DATE
)
_RANGE = re.compile(
    r"(?:征求意见|意见征集|反馈意见|征集意见|公开征求)[^。\n]{0,12}?"
    + _DATE
    + r"[^。\n\d]{0,8}?(?:至|到|—|－|-|～|~)\s*"
    + _SHORT
)
_FEEDBACK = re.compile(r"采纳情况|征集情况|征求意见情况|反馈情况|意见反馈|意见的反馈|采纳意见")
_CONSULTATION = re.compile(r"征求|意见征集|征集意见")
_CORE_NOISE = re.compile(
    r"关于|公开|征求|征集|社会各界|意见|建议|的|公告|通知|通告|采纳|情况|反馈|说明|结果|对|稿|及|和"
)


def _day(year: str | None, month: str, day: str, default_year: int) -> date | None:
    try:
        return date(int(year) if year else default_year, int(month), int(day))
    except ValueError:
        return None


def closing_day(text: str) -> date | None:
    """The consultation's closing day as the page names it, or None."""
    if "截止" in text or "截至" in text:
        match = _LABELLED.search(text)
        if match:
            return _day(match.group(1), match.group(2), match.group(3), default_year=0)
    match = _RANGE.search(text)
    if match:
        year = int(match.group(1))
        return _day(match.group(4), match.group(5), match.group(6), default_year=year)
    return None


def is_feedback_title(title: str) -> bool:
    return bool(_FEEDBACK.search(title))


def is_consultation_title(title: str) -> bool:
    return bool(_CONSULTATION.search(title)) and not is_feedback_title(title)


def _core(title: str) -> str:
    return _CORE_NOISE.sub("", normal_title(title))


def _answers(consultation: Item, feedback: Item) -> bool:
    shared = set(references(consultation.title)) & set(references(feedback.title))
    if shared:
        return True
    a, b = _core(consultation.title), _core(feedback.title)
    return len(a) >= 4 and len(b) >= 4 and (a in b or b in a)


def unanswered_consultations(
    consultations: Sequence[Item],
    feedback: Sequence[Item],
    facts: Mapping[str, PageFacts],
    *,
    days: int,
    working_days: bool,
    today: date,
    since: date,
) -> list[ContentFinding]:
    """Consultations closed on or after ``since`` whose feedback is missing or late."""
    findings = []
    for item in consultations:
        page = facts.get(item.url)
        closing = page.closing if page is not None else None
        if closing is None or closing < since:
            continue
        due = add_workdays(closing, days) if working_days else closing + timedelta(days=days)
        answers = sorted(f.published for f in feedback if f.published is not None and _answers(item, f))
        first = answers[0] if answers else None
        if (first is not None and first <= due) or (first is None and today <= due):
            continue
        until = first if first is not None else today
        late = workdays_between(due, until) if working_days else (until - due).days
        findings.append(
            ContentFinding(
                kind=FindingKind.consultation,
                level=Level.general,
                url=item.url,
                key=item.url,
                context=f"《{item.title}》{closing.isoformat()} 截止，应于 {due.isoformat()} 前公布反馈"
                + (f"，反馈 {first.isoformat()} 发布" if first else "，未见反馈"),
                subtype="late" if first else "missing",
                days_late=late,
                detail=item.title,
                due=due,
            )
        )
    return findings
