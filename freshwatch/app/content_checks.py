"""Wiring of the content checks: the scanner built once per crawl, and one site's findings.

The crawler runs the per-page checks (personal data, wording) through the scanner it is handed;
the checks that compare items (interpretations on time, consultation feedback) run here when the
site lands, with the rulebook in force, because they need the whole site's lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from freshwatch.config.errors import ConfigError
from freshwatch.config.models import Category, Config, ContentSettings, Rulebook
from freshwatch.crawler.types import SiteCrawl
from freshwatch.detectors.consultation import (
    is_consultation_title,
    is_feedback_title,
    unanswered_consultations,
)
from freshwatch.detectors.content_scan import ContentScanner
from freshwatch.detectors.content_types import ContentFinding, FindingKind, Level, PageFacts
from freshwatch.detectors.interpretation import is_interpretation_title, late_interpretations
from freshwatch.detectors.privacy import PrivacyRules
from freshwatch.detectors.types import Item
from freshwatch.detectors.wording_checks import (
    WordingEntry,
    WordingListError,
    WordingMatcher,
    leader_entries,
    parse_allowed_list,
    parse_wording_list,
)

__all__ = ["SiteFindings", "build_scanner", "site_findings"]


def _shipped(name: str) -> str:
    return resources.files("freshwatch.detectors").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _office_file(config: Config, key: str, value: str) -> str:
    base = Path(config.source).parent if config.source else Path.cwd()
    path = (base / value).resolve()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(config.source or "config", f"content.{key}", value, "文件不存在") from None
    except UnicodeDecodeError:
        raise ConfigError(
            config.source or "config", f"content.{key}", value, "请将文件另存为 UTF-8 编码"
        ) from None


def _lines(text: str) -> tuple[str, ...]:
    return tuple(parse_allowed_list(text))


def _wording_lists(config: Config) -> tuple[list[WordingEntry], list[str]]:
    settings: ContentSettings = config.content
    entries: list[WordingEntry] = []
    allowed: list[str] = []
    lists = [
        ("typos_file", "typos.txt", "typo"),
        ("outdated_names_file", "outdated_names.txt", "outdated_name"),
    ]
    try:
        for key, shipped, subtype in lists:
            if settings.default_lists:
                entries += parse_wording_list(
                    _shipped(shipped), source=shipped, subtype=subtype, default=Level.general
                )
            office = getattr(settings, key)
            if office:
                text = _office_file(config, key, office)
                entries += parse_wording_list(text, source=office, subtype=subtype, default=Level.general)
    except WordingListError as exc:
        raise ConfigError(
            config.source or "config", "content", str(exc), "请按“错误写法 正确写法 [级别]”逐行填写"
        ) from None
    if settings.default_lists:
        allowed += parse_allowed_list(_shipped("wording_allowed.txt"))
    if settings.allowed_file:
        allowed += parse_allowed_list(_office_file(config, "allowed_file", settings.allowed_file))
    leaders, leader_allowed = leader_entries(config.leaders)
    return [*leaders, *entries], [*allowed, *leader_allowed]


def build_scanner(config: Config, salt: bytes) -> ContentScanner:
    """The matchers of one crawl, built once (the lists are read and compiled here, not per page)."""
    entries, allowed = _wording_lists(config)
    privacy = PrivacyRules(
        card_prefixes=_lines(_shipped("card_prefixes.txt")),
        lookalike_labels=_lines(_shipped("lookalike_labels.txt")),
        salt=salt,
    )
    return ContentScanner(privacy=privacy, wording=WordingMatcher(entries, allowed))


@dataclass(frozen=True, slots=True)
class SiteFindings:
    findings: tuple[ContentFinding, ...]
    read_urls: frozenset[str]  # pages whose per-page findings are now known
    evaluated: frozenset[str]  # finding kinds checked over the whole site in this crawl


def _items(site: SiteCrawl, categories: Iterable[Category]) -> list[Item]:
    wanted = set(categories)
    return [
        item
        for column in site.columns
        if column.category in wanted and column.reading is not None
        for item in column.reading.items
    ]


def site_findings(site: SiteCrawl, config: Config, rulebook: Rulebook, today: date) -> SiteFindings:
    """Every content finding of one crawled site: its pages' own, then interpretations and consultations."""
    findings = [f for content in site.content for f in content.findings]
    facts: dict[str, PageFacts] = {c.facts.url: c.facts for c in site.content}
    policy_items = _items(site, [Category.policy])
    interpretations = _items(site, [Category.interpretation])
    interpretations += [i for i in policy_items if is_interpretation_title(i.title)]
    rules = rulebook.content
    # a site with no interpretation column and no interpretation item may publish its 解读 on
    # another platform: it is checked once its interpretation column is registered
    publishes = interpretations or any(c.category is Category.interpretation for c in site.columns)
    if publishes:
        findings += late_interpretations(
            [i for i in policy_items if not is_interpretation_title(i.title)],
            interpretations,
            facts,
            workdays=rules.interpretation.workdays,
            since=rules.interpretation.window.before(today),
            today=today,
            not_interpretable=frozenset(config.content.not_interpretable),
        )
    listed = _items(site, [Category.consultation, Category.notice, Category.policy, Category.other])
    consultation_column = {i.url for i in _items(site, [Category.consultation])}
    consultations = [
        i
        for i in listed
        if not is_feedback_title(i.title) and (i.url in consultation_column or is_consultation_title(i.title))
    ]
    findings += unanswered_consultations(
        list(dict.fromkeys(consultations)),
        [i for i in listed if is_feedback_title(i.title)],
        facts,
        days=rules.consultation.days,
        working_days=rules.consultation.working_days,
        today=today,
        since=rules.consultation.window.before(today),
    )
    evaluated = (
        frozenset({FindingKind.interpretation.value, FindingKind.consultation.value})
        if site.complete
        else frozenset()
    )
    return SiteFindings(tuple(findings), frozenset(facts), evaluated)
