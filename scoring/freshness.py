"""Overdue semantics: a column's update timeline -> its state, reminders and stale-column warnings.

The rules are issue 2's "Overdue semantics (exact)".  Everything here is a pure function of the
timeline, the rulebook and a date handed in by the caller; nothing reads a clock.

Two readings the issue leaves implicit, made explicit here:

* A warning fires on day ``t`` only if the column is still overdue on ``t``: an update published on
  ``t`` itself cancels it (the same rule ``column_status`` applies: a column updated today is not
  overdue today).
* A repeat is counted from the anchor, not from the previous trigger (``anchor + k*period``), so
  calendar-month clamping never drifts: 08-31 + 6mo, + 12mo gives 02-28 and 08-31.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from freshwatch.config.models import FreshnessRule, Rulebook
from freshwatch.kinds import ListVerdict
from freshwatch.scoring.types import ColumnHistory, ColumnState, ColumnStatus, Reminder, StaleWarning, Trigger

ONE_DAY = timedelta(days=1)

# Last-crawl verdicts that decide a column's state before its dates do: the crawl saw something
# other than a dated list, so the dates we hold are not today's picture.
_VERDICT_STATES = {
    ListVerdict.unreachable: ColumnState.unreachable,
    ListVerdict.blank: ColumnState.blank,
    ListVerdict.unreadable: ColumnState.unreadable,
}


def due_date(latest: date, rule: FreshnessRule) -> date:
    """The last day a column updated on ``latest`` is still on time."""
    return rule.period.after(latest)


def timeline(updates: Iterable[date], *, until: date) -> list[date]:
    """Distinct publish dates up to ``until``, oldest first (later dates are not known yet)."""
    return sorted({day for day in updates if day <= until})


def triggers(
    updates: Iterable[date], rule: FreshnessRule, *, start: date, end: date, repeat: bool
) -> list[Trigger]:
    """The warnings whose trigger day falls in ``[start, end]``; dates after ``end`` are ignored."""
    days = timeline(updates, until=end)
    found: list[Trigger] = []
    for index, anchor in enumerate(days):
        newer = days[index + 1] if index + 1 < len(days) else None
        if newer is not None and newer < start:
            continue  # the next update anchored the clock before the window opened
        for trigger in _fired_from(anchor, newer, rule, end=end, repeat=repeat):
            if trigger.day >= start:
                found.append(trigger)
    return found


def _fired_from(
    anchor: date, newer: date | None, rule: FreshnessRule, *, end: date, repeat: bool
) -> Iterator[Trigger]:
    """Warnings one update raises, up to ``end`` or until the next update cancels the rest."""
    times = 1
    while True:
        due = rule.period.after(anchor, times)
        day = due + ONE_DAY
        if day > end or (newer is not None and newer <= day):
            return
        yield Trigger(day=day, anchor=anchor, due=due, repeat_index=times)
        if not repeat:
            return
        times += 1


def column_status(history: ColumnHistory, rulebook: Rulebook, *, as_of: date) -> ColumnStatus:
    """The column's state on ``as_of``; ``latest``/``due`` are filled whenever dates are known."""
    rule = rulebook.rule_for(history.category)
    days = timeline(history.updates, until=as_of)
    latest = days[-1] if days else None
    due = due_date(latest, rule) if latest is not None and rule is not None else None
    since = (as_of - latest).days if latest is not None else None
    state = _state(history.last_verdict, rule, as_of=as_of, latest=latest, due=due)
    return ColumnStatus(history=history, state=state, latest=latest, due=due, days_since_update=since)


def _state(
    verdict: ListVerdict | None,
    rule: FreshnessRule | None,
    *,
    as_of: date,
    latest: date | None,
    due: date | None,
) -> ColumnState:
    if verdict in _VERDICT_STATES:
        return _VERDICT_STATES[verdict]
    if rule is None:
        # No freshness rule (other, interpretation, consultation): only what the crawl saw counts.
        return ColumnState.undated if verdict == ListVerdict.undated else ColumnState.ok
    if latest is None or due is None:
        # Nothing dated: an undated item never makes a column fresh (standards.md).
        return ColumnState.undated
    if as_of > due:
        return ColumnState.overdue
    if rule.remind.before(due) <= as_of:
        return ColumnState.due_soon
    return ColumnState.ok


def statuses(histories: Iterable[ColumnHistory], rulebook: Rulebook, *, as_of: date) -> list[ColumnStatus]:
    return [column_status(history, rulebook, as_of=as_of) for history in histories]


def reminders(histories: Iterable[ColumnHistory], rulebook: Rulebook, *, as_of: date) -> list[Reminder]:
    """Columns inside their remind window: update by ``due`` to avoid the warning."""
    found: list[Reminder] = []
    for status in statuses(histories, rulebook, as_of=as_of):
        if status.state is ColumnState.due_soon and status.latest is not None and status.due is not None:
            history = status.history
            found.append(
                Reminder(
                    key=history.key,
                    latest=status.latest,
                    due=status.due,
                )
            )
    return found


def known_start(history: ColumnHistory, start: date) -> date:
    """The first day of a window starting ``start`` that the column's history can speak for: before its
    ``history_from`` the last update is not known, so no warning there is counted (nor ruled out)."""
    known = history.known_from()
    return start if known is None or known <= start else known


def unknown_part(history: ColumnHistory, start: date, end: date) -> tuple[date, date] | None:
    """The days of ``[start, end]`` this column's history does not cover, or None."""
    known = known_start(history, start)
    if known <= start:
        return None
    return start, min(end, known - ONE_DAY)


def stale_warnings(
    histories: Iterable[ColumnHistory], rulebook: Rulebook, *, start: date, end: date
) -> list[StaleWarning]:
    """Every stale-column warning triggered in ``[start, end]``, each worth its rule's deduction."""
    found: list[StaleWarning] = []
    for history in histories:
        rule = rulebook.rule_for(history.category)
        if rule is None:
            continue
        known = known_start(history, start)
        if known > end:
            continue  # nothing of the window is known for this column: no warning is invented
        for trigger in triggers(history.updates, rule, start=known, end=end, repeat=rulebook.repeat):
            found.append(
                StaleWarning(
                    key=history.key,
                    trigger=trigger,
                    points=rule.deduct,
                )
            )
    return found
