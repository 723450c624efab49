"""Installed, freshwatch is one ``freshwatch`` package: no top-level ``config`` or ``storage`` to collide with.

The wheel is built from this checkout and installed, without its dependencies, into a fresh venv that
borrows the test venv's third-party packages (not its editable freshwatch).  Beside it sits a decoy
``config`` package, as another project's would; freshwatch must neither shadow it nor import it.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("config", "crawler", "detectors", "scoring", "storage")
_NOT_SOURCE = (
    ".venv",
    ".git",
    "build",
    "*.egg-info",
    ".typecheck",
    "__pycache__",
    "*_cache",
    "out",
    "*.db*",
    "tests",
)


def _package_folders() -> set[str]:
    """Every folder holding an ``__init__.py``, named as its installed package."""
    found = {
        "freshwatch." + ".".join(p.parent.relative_to(REPO / "freshwatch").parts)
        for p in (REPO / "freshwatch").rglob("__init__.py")
    }
    found = {name.rstrip(".") for name in found}
    for layer in LAYERS:
        for init in (REPO / layer).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO).parts
            found.add("freshwatch." + ".".join(parts))
    return found


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"]
    )
    assert _package_folders() == listed


@pytest.mark.slow
def test_the_wheel_installs_under_one_namespace_beside_a_decoy_config(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("freshwatch-*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"freshwatch"}

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Third-party packages from the test venv; its .pth files (the editable install's hook) are not run.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    decoys = tmp_path / "decoys"
    for name in ("config", "storage"):
        (decoys / name).mkdir(parents=True)
        (decoys / name / "__init__.py").write_text("DECOY = True\n", encoding="utf-8")
    rules = REPO / "config" / "rules" / "demo.yaml"
    probe = (
        "import config, storage, freshwatch.config, freshwatch.storage, freshwatch.cli.main\n"
        "assert config.DECOY and storage.DECOY\n"
        f"assert freshwatch.config.__file__.startswith({str(site)!r}), freshwatch.config.__file__\n"
        "from freshwatch.config.loader import load_rulebook\n"
        "print(load_rulebook('national').name)\n"
    )
    env = {"PYTHONPATH": str(decoys), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert rules.exists()
    # The console script runs a real command against the installed package.
    explain = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "freshwatch.cli.main", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert explain.returncode == 0, explain.stderr
    assert "crawl" in explain.stdout
