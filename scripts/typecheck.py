"""Type-check freshwatch as it is installed: one ``freshwatch`` package holding every layer.

The repository keeps the layers as top-level folders that the build maps into the ``freshwatch``
namespace (pyproject's ``package-dir``).  mypy cannot follow setuptools' editable-install import hook,
so this builds the installed shape as a tree of symbolic links under ``.typecheck/`` and runs mypy on it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TREE = REPO / ".typecheck"


def build_tree() -> Path:
    """Link every mapped folder where the installed package has it."""
    mapping = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-dir"]
    if TREE.exists():
        shutil.rmtree(TREE)
    root = TREE / "freshwatch"
    root.mkdir(parents=True)
    for entry in (REPO / mapping["freshwatch"]).iterdir():
        if entry.name != "__pycache__":
            (root / entry.name).symlink_to(entry)
    for package, folder in mapping.items():
        if package != "freshwatch":
            (root / package.removeprefix("freshwatch.")).symlink_to(REPO / folder)
    return TREE


def main() -> int:
    tree = build_tree()
    command = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), *sys.argv[1:]]
    return subprocess.call(command, cwd=tree)


if __name__ == "__main__":
    raise SystemExit(main())
