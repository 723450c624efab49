"""Shared fixtures: the anyio backend, and where the read-only reference data lies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.exists():
    SHARED = Path(os.environ.get("FRESHWATCH_SHARED", "/work/shared"))
REALDATA = SHARED / "realdata"
SEED = SHARED / "seed"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def require_shared(path: Path) -> Path:
    """Tests read ../shared in place; they skip only where it is absent and CI is not set."""
    if not path.exists():
        if os.environ.get("CI"):
            raise AssertionError(f"{path} is missing, and CI must not skip these tests")
        pytest.skip(f"{path} is not present")
    return path
