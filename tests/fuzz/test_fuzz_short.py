"""A short run of benchmarks/fuzz.py in the suite: every target gets a few hundred mutated and
generated inputs (a fixed hypothesis seed, so the run is the same each time) and none may
raise anything but its typed error, hang, or pass the memory bounds. The long run is in
benchmarks/README.md ("Fuzzing")."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.shared import FIXTURES, REPO, require

# Inputs per target: the fixed pass over every hostile fragment (74 inputs) and then at least 25
# hypothesis draws; 30-35 s of CPU in all on one core, a third of it the extractor's.
SHORT = {
    "rss": 180,
    "atom": 100,
    "jsonfeed": 200,
    "feedparser": 130,
    "opml": 200,
    "extract": 100,
    "embeds": 180,
    "sanitize": 150,
    "api": 150,
}


def harness() -> ModuleType:
    """The fuzz harness, imported from benchmarks/ (which is not a package)."""
    require(FIXTURES / "feeds")
    require(FIXTURES / "pages")
    require(FIXTURES / "opml")
    bench = str(REPO / "benchmarks")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module("fuzz")


def test_every_target_has_a_short_run() -> None:
    assert set(SHORT) == set(harness().TARGETS)


@pytest.mark.parametrize("target", sorted(SHORT))
def test_short_fuzz_run_finds_no_crash_hang_or_blow_up(target: str) -> None:
    if os.environ.get("BROADSHEET_DATABASE_URL"):
        pytest.skip(
            "the fuzz run is the same on any database (its API worker migrates its own "
            "SQLite file); it ran in the SQLite pass of make test"
        )
    fuzz = harness()
    crashes = Path(tempfile.gettempdir()) / "broadsheet-fuzz-short"  # outlives pytest tmp dirs
    options = fuzz.Options(inputs=SHORT[target], max_seeds=8, crashes=crashes)
    report = fuzz.fuzz_target(target, options)
    lines = "\n".join(fuzz.describe(report))
    assert report.inputs >= SHORT[target] * 0.9, lines
    assert report.mutated and report.generated, lines
    assert not report.failures, f"inputs that fail, saved under {crashes}:\n{lines}"
