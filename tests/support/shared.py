"""Locate ../shared (fixtures and seed) and skip clearly when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
FIXTURES = SHARED / "fixtures"
SEED = SHARED / "seed"


def require(path: Path) -> Path:
    """Return ``path`` if it exists, else skip the calling test saying what is missing."""
    if not path.exists():
        pytest.skip(f"needs {path} (the shared fixtures beside the repository) which is missing")
    return path
