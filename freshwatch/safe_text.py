"""Text from outside (unit names, page titles, imported reasons) made safe for where it goes.

Every layer may use these: the score table's CSV is written in scoring, the exports and the
terminal in the shell.  Each function is the one place for its format's rule.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "cell_text", "header_text", "terminal_text", "xml_text"]

# characters XML 1.0 forbids (xlsx and docx are XML): C0 controls but tab/LF/CR, lone surrogates
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what a terminal acts on: C0 controls but tab, newline and CRLF, DEL, C1 controls (\x9b is a CSI)
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
# a cell starting with one of these is read as a formula by Excel, LibreOffice or WPS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document can't hold (they crashed the exports)."""
    return _XML_ILLEGAL.sub("", text)


def cell_text(text: str) -> str:
    """A spreadsheet text cell (CSV or xlsx) that no spreadsheet will run as a formula.

    The leading apostrophe is what Excel itself shows for "text that looks like a formula"; only
    text cells go through here, so negative numbers in numeric cells stay numbers.
    """
    text = xml_text(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def terminal_text(text: str) -> str:
    """``text`` without control characters: an escape sequence from a page never reaches a TTY."""
    return _TERMINAL_CONTROLS.sub("", text)


def header_text(text: str, limit: int = 200) -> str:
    """One line for a mail header or a subject: breaks and controls become spaces, length bounded."""
    line = _HEADER_BREAKS.sub(" ", text).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"
