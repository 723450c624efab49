"""A PDF of the docx draft through LibreOffice, to see how the notice prints without Word.

Optional: LibreOffice is a large dependency (Debian: libreoffice-writer-nogui, fonts-noto-cjk),
so nothing else in freshwatch needs this module.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from freshwatch.errors import FreshwatchError

CANDIDATES = ("libreoffice", "soffice")
TIMEOUT_SECONDS = 180.0


def find_libreoffice() -> str | None:
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def to_pdf(docx_path: str | Path, out_dir: str | Path | None = None) -> Path:
    """Convert next to the docx (or into ``out_dir``); returns the PDF's path."""
    source = Path(docx_path).resolve()
    binary = find_libreoffice()
    if binary is None:
        raise FreshwatchError("未安装 LibreOffice；Debian 上可执行：apt-get install libreoffice-writer-nogui")
    target_dir = Path(out_dir).resolve() if out_dir else source.parent
    # a private profile: a second LibreOffice (or a desktop one) holding the default profile blocks us
    with tempfile.TemporaryDirectory(prefix="freshwatch-lo-") as profile:
        command = [
            binary,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target_dir),
            str(source),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    pdf = target_dir / (source.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        detail = (result.stderr or result.stdout).strip()
        raise FreshwatchError(f"LibreOffice 无法转换 {source}：{detail or f'退出码 {result.returncode}'}")
    return pdf
