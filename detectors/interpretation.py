"""政策解读 on time: each policy in the window gets its interpretation within N working days.

Interpretations are matched to the policy they interpret by, in order: a link to the policy's
page in the interpretation's text, a 《title》 reference naming the policy, or the subject of the
interpretation's own title ("关于…的解读", "《…》政策解读").  Working days follow the State Council
calendar (``workdays``).  The days and the window come from the rulebook; the policies an office
marked as not interpretable are passed in and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from freshwatch.detectors.content_types import ContentFinding, FindingKind, Level, PageFacts
from freshwatch.detectors.titles import normal_title, subject_of
from freshwatch.detectors.types import Item
from freshwatch.detectors.workdays import add_workdays, calendar_known, workdays_between

__all__ = ["is_interpretation_title", "late_interpretations"]

_INTERPRETATION = re.compile(r"解读|图解|问答|一图读懂|答记者问")


def is_interpretation_title(title: str) -> bool:
    return bool(_INTERPRETATION.search(title))


def _interprets(policy: Item, item: Item, facts: PageFacts | None) -> bool:
    title = normal_title(policy.title)
    if len(title) < 4:
        return False
    if facts is not None:
        if policy.url in facts.links:
            return True
        if title in facts.references:
            return True
    subject = subject_of(item.title)
    if subject is not None and (subject == title or (len(subject) >= 6 and subject in title)):
        return True
    return title in normal_title(item.title)


def late_interpretations(
    policies: Sequence[Item],
    interpretations: Sequence[Item],
    facts: Mapping[str, PageFacts],
    *,
    workdays: int,
    since: date,
    today: date,
    not_interpretable: Collection[str] = (),
) -> list[ContentFinding]:
    """Policies published on or after ``since`` with no interpretation by their due day."""
    findings = []
    for policy in policies:
        published = policy.published
        if published is None or published < since or is_interpretation_title(policy.title):
            continue
        if policy.url in not_interpretable or policy.title in not_interpretable:
            continue
        due = add_workdays(published, workdays)
        matched = [i for i in interpretations if _interprets(policy, i, facts.get(i.url))]
        dated = sorted(i.published for i in matched if i.published is not None)
        first = dated[0] if dated else None
        if first is not None and first <= due:
            continue
        if first is None and today <= due:
            continue  # still in time
        late_until = first if first is not None else today
        findings.append(
            ContentFinding(
                kind=FindingKind.interpretation,
                level=Level.general,
                url=policy.url,
                key=policy.url,
                context=f"《{policy.title}》{published.isoformat()} 发布，应于 {due.isoformat()} 前解读"
                + (f"，解读 {first.isoformat()} 发布" if first else "，未见解读")
                + ("" if calendar_known(due) else "（该年节假日安排未知，按周一至周五计）"),
                subtype="late" if first else "missing",
                days_late=workdays_between(due, late_until),
                detail=policy.title,
                due=due,
            )
        )
    return findings
