"""The office's own words in the notice: addressees, opening and 下一步工作要求.

These change from office to office and year to year, so they live in a plain text file the office
can copy and edit (sections in ``[brackets]``, one paragraph a line, ``#`` for comments) instead of
in code.  The built-in file ships as package data under ``freshwatch/exports/templates/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from freshwatch.config.errors import ConfigError

BUILTIN = "<built-in notice template>"
SECTIONS = {"主送": "addressee", "导语": "preamble", "下一步工作要求": "requirements"}


@dataclass(frozen=True, slots=True)
class NoticeTemplate:
    addressee: str
    preamble: tuple[str, ...]
    requirements: tuple[str, ...]

    def fill(self, **values: str) -> NoticeTemplate:
        """Replace ${office}, ${scope}, ${quarter}; unknown placeholders are left for the office."""

        def sub(text: str) -> str:
            return Template(text).safe_substitute(values)

        return NoticeTemplate(
            addressee=sub(self.addressee),
            preamble=tuple(sub(line) for line in self.preamble),
            requirements=tuple(sub(line) for line in self.requirements),
        )


def load_notice_template(path: str | Path | None = None) -> NoticeTemplate:
    """The office's template file, or the built-in one when ``path`` is None."""
    if path is None:
        text = (
            resources.files("freshwatch.reports").joinpath("templates/notice.txt").read_text(encoding="utf-8")
        )
        return parse_notice_template(text, BUILTIN)
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ConfigError(
            str(source), "", error.strerror or str(error), "应为可读取的 UTF-8 文本文件"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(str(source), "", "（非 UTF-8 字节）", "请将模板另存为 UTF-8 编码") from None
    return parse_notice_template(text, str(source))


def parse_notice_template(text: str, source: str) -> NoticeTemplate:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    allowed = "、".join(f"[{name}]" for name in SECTIONS)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            if current not in SECTIONS:
                raise ConfigError(source, f"第 {number} 行", line, f"可用的段落：{allowed}")
            sections[current] = []
            continue
        if current is None:
            raise ConfigError(source, f"第 {number} 行", line, f"正文应写在以下段落标题之下：{allowed}")
        sections[current].append(line)
    for name in SECTIONS:
        if not sections.get(name):
            raise ConfigError(source, f"[{name}]", "缺少或为空", f"模板必须包含全部段落：{allowed}")
    return NoticeTemplate(
        addressee="".join(sections["主送"]),
        preamble=tuple(sections["导语"]),
        requirements=tuple(sections["下一步工作要求"]),
    )
