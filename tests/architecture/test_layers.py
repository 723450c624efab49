"""The layers' import rules, read from the source: data flows config -> crawler -> detectors -> storage
-> scoring -> shell, and nothing below the shell imports it.  Detectors and scoring stay pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BOTTOM = {"freshwatch", "freshwatch.errors", "freshwatch.kinds", "freshwatch.safe_text"}
SHELL = ("app", "cli", "daemon", "reports", "notify", "demo", "web", "worker", "distributed")

# What each layer may import of freshwatch, besides itself and the bottom.
ALLOWED = {
    "config": set(),
    "detectors": {"config"},
    "crawler": {"config", "detectors"},
    "storage": {"config", "detectors", "crawler", "scoring"},
    "scoring": {"config", "detectors"},
}
# Pure layers do no I/O: no network, database, processes or clock libraries.
IO_MODULES = (
    "httpx",
    "sqlalchemy",
    "socket",
    "subprocess",
    "asyncio",
    "urllib.request",
    "psycopg",
    "smtplib",
)
PURE = ("detectors", "scoring")


def imports_of(path: Path, package: str | None = None) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = package or ".".join(("freshwatch", *path.parent.relative_to(REPO).parts))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                found.add(node.module)
    return found


def layer_files(layer: str) -> list[Path]:
    return [p for p in (REPO / layer).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    allowed = {f"freshwatch.{name}" for name in {layer, *ALLOWED[layer]}}
    offences = []
    for path in layer_files(layer):
        for module in imports_of(path):
            if not module.startswith("freshwatch") or module in BOTTOM:
                continue
            top = ".".join(module.split(".")[:2])
            if top not in allowed:
                offences.append(f"{path.relative_to(REPO)} imports {module}")
    assert offences == []


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_do_no_io(layer: str) -> None:
    offences = [
        f"{path.relative_to(REPO)} imports {module}"
        for path in layer_files(layer)
        for module in imports_of(path)
        if module.startswith(IO_MODULES)
    ]
    assert offences == []


def test_the_bottom_imports_nothing_of_freshwatch() -> None:
    for name in ("__init__.py", "errors.py", "kinds.py", "safe_text.py"):
        assert {m for m in imports_of(REPO / "freshwatch" / name) if m.startswith("freshwatch")} == set()


def test_the_walk_sees_absolute_and_relative_imports(tmp_path: Path) -> None:
    """The rule can fail: shell imports written either way are found."""
    probe = tmp_path / "probe.py"
    probe.write_text("from freshwatch.app.context import App\nfrom ...cli import main\n", encoding="utf-8")
    assert {"freshwatch.app.context", "freshwatch.cli"} <= imports_of(probe, "freshwatch.scoring.sub")


def test_architecture_names_only_folders_and_files_that_exist() -> None:
    """ARCHITECTURE.md stays true: every `folder/` or `path.py` it names is in the repository."""
    import re

    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w./-]+/)`", text)) | set(re.findall(r"`([\w/]+\.py)`", text))
    assert named, "the page names no folders"
    search = [REPO, REPO / "freshwatch", *(REPO / layer for layer in ALLOWED)]
    missing = [name for name in sorted(named) if not any((base / name).exists() for base in search)]
    assert missing == []
