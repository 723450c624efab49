"""What the content checks find: one frozen ``ContentFinding`` per problem, masked from birth.

A finding never carries a full personal number: the privacy detector masks it and keeps a salted
hash as the finding's ``key``, so the same leak is recognised again without being stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class FindingKind(StrEnum):
    privacy = "privacy"
    typo = "typo"
    interpretation = "interpretation"
    consultation = "consultation"


class Level(StrEnum):
    """The monitors' three levels; the value is what users read."""

    serious = "严重"
    general = "一般"
    suspect = "疑似"


@dataclass(frozen=True, slots=True)
class ContentFinding:
    kind: FindingKind
    level: Level
    url: str  # the page or attachment it was found on
    key: str  # identity across crawls: a salted hash (privacy), the wrong form (typo), the policy URL...
    context: str  # the text around it, masked
    subtype: str = ""  # id_number / mobile / bank_card; typo / leader / outdated_name; missing / late
    masked: str | None = None  # privacy: the masked number
    suggestion: str | None = None  # typos: the right form
    days_late: int | None = None  # interpretation, consultation: working (or calendar) days late
    detail: str = ""  # the policy or consultation title; the wrong form
    due: date | None = None  # interpretation/consultation: the last day it was due


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the interpretation and consultation checks need from one article, kept small."""

    url: str
    title: str
    references: tuple[str, ...] = ()  # 《title》 spellings in the title and text
    links: tuple[str, ...] = ()  # absolute hrefs in the main text
    closing: date | None = None  # a consultation's closing day named on the page


@dataclass(frozen=True, slots=True)
class PageContent:
    """One page's content checks: its findings and its facts."""

    findings: tuple[ContentFinding, ...]
    facts: PageFacts
