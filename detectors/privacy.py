"""Personal data published unmasked: 18-digit ID numbers, mobile numbers, bank card numbers.

Each candidate must pass the number's own checks (region prefix, birth date and ISO 7064 MOD 11-2
check digit; mobile prefixes; card BIN and Luhn) and must stand alone: a number glued to a longer
run of digits or letters, one inside a URL, or one labelled as an order or document number is a
look-alike.  Masked numbers (138****1234) never match, because ``*`` ends a digit run.

The full number lives only inside this module: a hit leaves as its masked form (same length, so
offsets keep), a masked context and an HMAC of the digits under the office's salt.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from freshwatch.detectors.content_types import ContentFinding, FindingKind, Level

__all__ = ["PrivacyRules", "find_personal_data", "id_check_ok", "luhn_ok", "mask_personal_data"]

# a digit run, optionally with X (ID) or single spaces / dashes between groups (cards, mobiles)
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z*_/=.\-])"
    r"(?:\d{17}[\dXx]|\d{16,19}|\d{4}(?: \d{4}){3}(?: \d{1,3})?|1[3-9]\d-\d{4}-\d{4}|1[3-9]\d \d{4} \d{4}|1[3-9]\d{9})"
    r"(?![0-9A-Za-z*_/=\-])"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s\u3000<>\"'，。；、）)]+", re.IGNORECASE)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"1[3-9]\d{9}")
_CONTEXT = 20  # characters each side kept as evidence
_LEVELS = {"id_number": Level.serious, "bank_card": Level.serious, "mobile": Level.general}
_LABEL_WINDOW = 12  # characters before a number searched for a look-alike label


@dataclass(frozen=True, slots=True)
class PrivacyRules:
    """The vocabularies the privacy check reads (data files, see ``detectors/data``)."""

    card_prefixes: tuple[str, ...]  # plausible bank card BIN prefixes
    lookalike_labels: tuple[str, ...]  # 订单号, 文号, 编号 ...: a number after one is not personal
    salt: bytes


def id_check_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 over the first 17 digits equals the 18th character."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _birth_ok(number: str) -> bool:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _id_number(digits: str) -> bool:
    return (
        len(digits) == 18
        and digits[0] in "123456" + "8"
        and digits[:17].isdigit()
        and _birth_ok(digits)
        and id_check_ok(digits)
    )


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _classify(raw: str, rules: PrivacyRules) -> str | None:
    digits = raw.replace(" ", "").replace("-", "")
    if len(digits) == 18 and _id_number(digits):
        return "id_number"
    if " " not in raw and "-" not in raw and len(digits) == 18 and not digits.isdigit():
        return None  # an X-ended run that fails the ID checks
    if len(digits) == 11 and _MOBILE.fullmatch(digits):
        return "mobile"
    if "-" in raw or not digits.isdigit():
        return None
    if 16 <= len(digits) <= 19 and digits.startswith(rules.card_prefixes) and luhn_ok(digits):
        return "bank_card"
    return None


def _mask(raw: str, subtype: str) -> str:
    """Same length as ``raw``: separators kept, the middle digits starred."""
    keep_head = {"id_number": 6, "mobile": 3, "bank_card": 4}[subtype]
    keep_tail = 4
    positions = [i for i, c in enumerate(raw) if c not in " -"]
    hidden = set(positions[keep_head : len(positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(raw))


def _labelled(text: str, start: int, labels: Iterable[str]) -> bool:
    before = text[max(0, start - _LABEL_WINDOW) : start]
    return any(label in before for label in labels)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    subtype: str
    masked: str
    key: str


def _hits(text: str, rules: PrivacyRules) -> list[_Hit]:
    if not any(c.isdigit() for c in text):
        return []
    urls = [m.span() for m in _URL.finditer(text)] if ("http" in text or "www." in text) else []
    hits = []
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in urls):
            continue
        raw = match.group()
        subtype = _classify(raw, rules)
        if subtype is None or _labelled(text, start, rules.lookalike_labels):
            continue
        digits = raw.replace(" ", "").replace("-", "").upper()
        key = hmac.new(rules.salt, digits.encode(), hashlib.sha256).hexdigest()[:32]
        hits.append(_Hit(start, end, subtype, _mask(raw, subtype), key))
    return hits


def find_personal_data(text: str, url: str, rules: PrivacyRules) -> list[ContentFinding]:
    """Every unmasked personal number in ``text``, as masked findings (one per distinct number)."""
    return mask_personal_data(text, url, rules)[1]


def mask_personal_data(text: str, url: str, rules: PrivacyRules) -> tuple[str, list[ContentFinding]]:
    """``text`` with every personal number masked, and the findings.  Other checks read the masked
    text, so no context they cut can hold a number either."""
    hits = _hits(text, rules)
    if not hits:
        return text, []
    pieces, last = [], 0
    for hit in hits:  # same-length masks: offsets stay valid
        pieces += [text[last : hit.start], hit.masked]
        last = hit.end
    masked_text = "".join([*pieces, text[last:]])
    findings: dict[str, ContentFinding] = {}
    for hit in hits:
        if hit.key in findings:
            continue
        context = masked_text[max(0, hit.start - _CONTEXT) : hit.end + _CONTEXT]
        findings[hit.key] = ContentFinding(
            kind=FindingKind.privacy,
            level=_LEVELS[hit.subtype],  # a veto-item suspect either way: the office confirms it
            url=url,
            key=hit.key,
            context=" ".join(context.split()),
            subtype=hit.subtype,
            masked=hit.masked,
        )
    return masked_text, list(findings.values())
