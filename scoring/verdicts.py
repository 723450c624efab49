"""Site verdicts (合格/不合格) by the national veto items freshwatch can see, and availability figures.

Every line comes from the rulebook: ``rulebook.verdicts``, and for the home page its own freshness
rule (``freshness.home``: stale after its period, pre-warned from its remind window on; a rulebook
without one does not judge the home page).  A pre-warning sits below each line (a lower ratio, the
remind window, ``prewarn_margin`` columns fewer) so units can fix things before the line is
reached; an item that already fails is not pre-warned as well.

Which columns count as stale follows standards.md: overdue columns, and columns with a freshness
rule but no dated item at all ("未注明信息发布时间的视为不更新").  A column the last crawl could not
reach or read counts as stale only when its last known dates are already overdue.  Blank columns
count toward the blank-column item, not the stale ones.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal

from freshwatch.config.models import Category, FreshnessRule, Rulebook, VerdictRules
from freshwatch.kinds import ListVerdict
from freshwatch.scoring.freshness import column_status, timeline
from freshwatch.scoring.types import (
    AvailabilityStat,
    ColumnHistory,
    ColumnState,
    ColumnStatus,
    ProbeOutcome,
    SiteRef,
    SiteVerdict,
    VetoFinding,
    VetoItem,
)


def site_verdicts(
    sites: Sequence[SiteRef],
    histories: Iterable[ColumnHistory],
    probes: Iterable[ProbeOutcome],
    rulebook: Rulebook,
    *,
    as_of: date,
) -> list[SiteVerdict]:
    """One verdict per site, in the given order; home-page timelines come as ``Category.home``."""
    by_site: dict[tuple[str, str], list[ColumnHistory]] = defaultdict(list)
    for history in histories:
        by_site[history.unit_id, history.site_home].append(history)
    probes_by_site: dict[tuple[str, str], list[ProbeOutcome]] = defaultdict(list)
    for probe in probes:
        probes_by_site[probe.unit_id, probe.site_home].append(probe)
    return [
        _judge(
            site,
            by_site.get((site.unit_id, site.site_home), []),
            probes_by_site.get((site.unit_id, site.site_home), []),
            rulebook,
            as_of=as_of,
        )
        for site in sites
    ]


def _judge(
    site: SiteRef,
    histories: Sequence[ColumnHistory],
    probes: Sequence[ProbeOutcome],
    rulebook: Rulebook,
    *,
    as_of: date,
) -> SiteVerdict:
    rules = rulebook.verdicts
    failures: list[VetoFinding] = []
    prewarnings: list[VetoFinding] = []
    ratio = _judge_availability(failures, prewarnings, site, probes, rules, as_of=as_of)
    home = [h for h in histories if h.category is Category.home]
    home_latest = _home_latest(home, as_of=as_of)
    home_rule = rulebook.rule_for(Category.home)
    if home and home_rule is not None:
        _judge_home(failures, prewarnings, home, home_latest, home_rule, as_of=as_of)
    columns = [column_status(h, rulebook, as_of=as_of) for h in histories if h.category is not Category.home]
    stale = [s for s in columns if is_stale(s, rulebook, as_of=as_of)]
    key = [s for s in stale if s.history.category in rules.key_categories]
    blank = [s for s in columns if s.state is ColumnState.blank]
    for item, found, line in (
        (VetoItem.stale_key_columns, key, rules.stale_key_columns),
        (VetoItem.stale_columns, stale, rules.stale_columns),
        (VetoItem.blank_columns, blank, rules.blank_columns),
    ):
        names = tuple(s.history.column_name for s in found)
        if found:
            _place(failures, prewarnings, item, len(found), line, line - rules.prewarn_margin, names)
    return SiteVerdict(site, tuple(failures), tuple(prewarnings), ratio, home_latest)


def availability_verdicts(
    sites: Sequence[SiteRef], probes: Iterable[ProbeOutcome], rules: VerdictRules, *, as_of: date
) -> list[SiteVerdict]:
    """Each site judged on the availability item alone, by the same lines as ``site_verdicts``
    (a closed site filed its closure: its ratio is shown, never held against it)."""
    by_site: dict[tuple[str, str], list[ProbeOutcome]] = defaultdict(list)
    for probe in probes:
        by_site[probe.unit_id, probe.site_home].append(probe)
    verdicts = []
    for site in sites:
        failures: list[VetoFinding] = []
        prewarnings: list[VetoFinding] = []
        found = by_site.get((site.unit_id, site.site_home), [])
        ratio = _judge_availability(failures, prewarnings, site, found, rules, as_of=as_of)
        verdicts.append(SiteVerdict(site, tuple(failures), tuple(prewarnings), ratio))
    return verdicts


def _judge_availability(
    failures: list[VetoFinding],
    prewarnings: list[VetoFinding],
    site: SiteRef,
    probes: Sequence[ProbeOutcome],
    rules: VerdictRules,
    *,
    as_of: date,
) -> float | None:
    ratio = failure_ratio(probes, rules, as_of=as_of)
    if ratio is not None and not site.closed:
        _place(
            failures,
            prewarnings,
            VetoItem.availability,
            ratio,
            rules.availability_failure_ratio,
            rules.availability_prewarn_ratio,
        )
    return ratio


def _place(
    failures: list[VetoFinding],
    prewarnings: list[VetoFinding],
    item: VetoItem,
    value: float,
    line: float,
    prewarn_line: float,
    columns: tuple[str, ...] = (),
) -> None:
    """A measured value at or above the line fails; at or above the pre-warning line, pre-warns."""
    if value >= line:
        failures.append(VetoFinding(item, value, line, columns))
    elif value >= prewarn_line:
        prewarnings.append(VetoFinding(item, value, prewarn_line, columns))


def _home_latest(home: Sequence[ColumnHistory], *, as_of: date) -> date | None:
    days = timeline((day for h in home for day in h.updates), until=as_of)
    return days[-1] if days else None


def _judge_home(
    failures: list[VetoFinding],
    prewarnings: list[VetoFinding],
    home: Sequence[ColumnHistory],
    latest: date | None,
    rule: FreshnessRule,
    *,
    as_of: date,
) -> None:
    """Home page not updated: stale the day after ``latest + period``, like a column's due, and
    pre-warned inside the remind window before it."""
    if latest is None:
        # Items seen but none dated: an undated page counts as not updated.  Unreachable or
        # never-read home pages are the availability item's business, not this one's.
        if any(h.last_verdict == ListVerdict.undated for h in home):
            line = _days(as_of, rule.period.before(as_of))
            failures.append(VetoFinding(VetoItem.home_stale, float("inf"), line))
        return
    days = (as_of - latest).days
    due = rule.period.after(latest)
    stale_line = _days(due, latest)
    prewarn_line = _days(rule.remind.before(due), latest)
    if days > stale_line:
        failures.append(VetoFinding(VetoItem.home_stale, days, stale_line))
    elif days > prewarn_line:
        prewarnings.append(VetoFinding(VetoItem.home_stale, days, prewarn_line))


def _days(later: date, earlier: date) -> int:
    return (later - earlier).days


def is_stale(status: ColumnStatus, rulebook: Rulebook, *, as_of: date) -> bool:
    """Does this column count toward the 栏目不更新 veto items?"""
    if rulebook.rule_for(status.history.category) is None or status.state is ColumnState.blank:
        return False
    if status.state in (ColumnState.overdue, ColumnState.undated):
        return True
    return status.due is not None and as_of > status.due


def pass_rate(verdicts: Sequence[SiteVerdict]) -> float | None:
    """合格率: passed sites over judged sites (None when nothing was judged)."""
    if not verdicts:
        return None
    return sum(1 for v in verdicts if v.passed) / len(verdicts)


# --- availability ----------------------------------------------------------------------------------


def probe_failed(probe: ProbeOutcome, rules: VerdictRules) -> bool:
    """A visit that fails or takes ``slow_seconds`` or more counts against the site."""
    return not probe.ok or (probe.elapsed is not None and probe.elapsed >= rules.slow_seconds)


def failure_ratio(probes: Iterable[ProbeOutcome], rules: VerdictRules, *, as_of: date) -> float | None:
    """Failed share of the probes in the window ending on ``as_of`` (None without probes)."""
    opens = rules.availability_window.before(as_of)
    window = [p for p in probes if opens < p.day <= as_of]
    if not window:
        return None
    return sum(1 for p in window if probe_failed(p, rules)) / len(window)


def availability_stats(
    probes: Iterable[ProbeOutcome], rules: VerdictRules, *, by: Literal["day", "week"] = "day"
) -> list[AvailabilityStat]:
    """Per site and day (or ISO week, keyed by its Monday): availability, median and p95 time."""
    groups: dict[tuple[str, str, date], list[ProbeOutcome]] = defaultdict(list)
    for probe in probes:
        start = probe.day if by == "day" else probe.day - timedelta(days=probe.day.weekday())
        groups[probe.unit_id, probe.site_home, start].append(probe)
    stats: list[AvailabilityStat] = []
    for (unit_id, site_home, start), group in sorted(groups.items()):
        failed = sum(1 for p in group if probe_failed(p, rules))
        times = sorted(p.elapsed for p in group if p.elapsed is not None)
        stats.append(
            AvailabilityStat(
                unit_id=unit_id,
                site_home=site_home,
                period_start=start,
                probes=len(group),
                failures=failed,
                availability=(len(group) - failed) / len(group),
                median=statistics.median(times) if times else None,
                p95=_p95(times),
            )
        )
    return stats


def _p95(times: Sequence[float]) -> float | None:
    if not times:
        return None
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[-1]
