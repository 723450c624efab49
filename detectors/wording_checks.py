"""Typos, wrong titles of leaders and outdated names of bodies, found in one pass per page.

Every wrong form of every list goes into one Aho-Corasick automaton (pyahocorasick), built once
per crawl, so a page costs one linear scan whatever the size of the lists.  Right forms that
contain a wrong one (农业部门 holds 农业部, 副区长张三 holds 区长张三) are added as *allowed*
patterns: a hit inside an allowed match is no hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

from freshwatch.detectors.content_types import ContentFinding, FindingKind, Level
from freshwatch.errors import FreshwatchError

__all__ = ["WordingEntry", "WordingMatcher", "parse_wording_list"]

_CONTEXT = 15
_LEVELS = {level.value: level for level in Level}


class WordingListError(FreshwatchError):
    """A line of a wording list that can't be read; the message names the source and line."""


@dataclass(frozen=True, slots=True)
class WordingEntry:
    wrong: str
    right: str
    level: Level
    subtype: str  # typo / leader / outdated_name


def parse_wording_list(text: str, *, source: str, subtype: str, default: Level) -> list[WordingEntry]:
    """``错误 正确 [级别]`` per line; ``#`` starts a comment.  A bad line raises naming the line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in _LEVELS):
            raise WordingListError(
                f"{source} 第 {number} 行：应为“错误写法 正确写法 [严重|一般|疑似]”，实为“{line}”"
            )
        level = _LEVELS[parts[2]] if len(parts) == 3 else default
        if parts[0] != parts[1]:
            entries.append(WordingEntry(parts[0], parts[1], level, subtype))
    return entries


def parse_allowed_list(text: str) -> list[str]:
    """One allowed form per line (a right form that contains a wrong one)."""
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def leader_entries(leaders: Mapping[str, Iterable[str]]) -> tuple[list[WordingEntry], list[str]]:
    """Each leader's name beside every *other* listed title is a serious error; the right pairs
    (in both orders) are allowed, so 副区长张三 is not read as 区长张三."""
    titles_of: dict[str, set[str]] = {}
    for title, names in leaders.items():
        for name in names:
            titles_of.setdefault(name, set()).add(title)
    entries, allowed = [], []
    for name, own in titles_of.items():
        right = "、".join(sorted(own))
        for title in own:
            allowed += [title + name, name + title]
        for title in leaders:
            if title not in own:
                for wrong in (title + name, name + title):
                    entries.append(WordingEntry(wrong, f"{name}的职务为{right}", Level.serious, "leader"))
    return entries, allowed


class WordingMatcher:
    """All lists in one automaton; ``scan`` is linear in the text."""

    def __init__(self, entries: Iterable[WordingEntry], allowed: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        self._entries: list[WordingEntry] = []
        for entry in entries:
            if entry.wrong not in self._automaton:
                self._entries.append(entry)
                self._automaton.add_word(entry.wrong, (len(self._entries) - 1, len(entry.wrong)))
        for form in allowed:
            if form not in self._automaton:
                self._automaton.add_word(form, (-1, len(form)))
        self._empty = not self._entries
        if not self._empty:
            self._automaton.make_automaton()

    def scan(self, text: str, url: str) -> list[ContentFinding]:
        """One finding per wrong form per page, with the first occurrence's context."""
        if self._empty or not text:
            return []
        hits: list[tuple[int, int, int]] = []
        allowed: list[tuple[int, int, int]] = []
        for end, (index, length) in self._automaton.iter(text):
            (allowed if index < 0 else hits).append((end - length + 1, end + 1, index))
        findings: dict[int, ContentFinding] = {}
        for start, stop, index in hits:
            if index in findings or any(a <= start and stop <= b for a, b, _ in allowed):
                continue
            entry = self._entries[index]
            context = text[max(0, start - _CONTEXT) : stop + _CONTEXT]
            findings[index] = ContentFinding(
                kind=FindingKind.typo,
                level=entry.level,
                url=url,
                key=entry.wrong,
                context=" ".join(context.split()),
                subtype=entry.subtype,
                suggestion=entry.right,
                detail=entry.wrong,
            )
        return list(findings.values())
