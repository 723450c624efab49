"""Title spellings the interpretation and consultation checks compare: 《》 references, the subject
of "关于…的解读", and a normal form that ignores spaces, brackets and the 征求意见稿 mark."""

from __future__ import annotations

import re

__all__ = ["normal_title", "references", "subject_of"]

_REFERENCE = re.compile(r"《([^《》]{4,120})》")
_NOISE = re.compile(r"[\s\u3000《》<>“”\"'‘’「」（）()\[\]【】〔〕·、，,。:：;；!！?？\-—_]|征求意见稿")
_SUBJECT = (
    re.compile(r"关于(.{4,120}?)的(?:政策)?(?:解读|图解|问答)"),
    re.compile(r"^(.{4,120}?)(?:政策)?(?:解读|图解|问答|一图读懂)"),
    re.compile(r"(?:解读|图解|一图读懂|问答)[：:]\s*(.{4,120})$"),
)


def normal_title(title: str) -> str:
    return _NOISE.sub("", title)


def references(text: str) -> tuple[str, ...]:
    """The distinct 《…》 titles named in ``text``, normalised."""
    return tuple(dict.fromkeys(normal_title(m) for m in _REFERENCE.findall(text)))


def subject_of(title: str) -> str | None:
    """What an interpretation's title says it interprets, normalised, or None."""
    for pattern in _SUBJECT:
        match = pattern.search(title)
        if match:
            subject = normal_title(match.group(1))
            if len(subject) >= 4:
                return subject
    return None
