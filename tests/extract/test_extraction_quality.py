"""Extraction quality never silently drops: Broadsheet's scores stay above the baseline file."""

from __future__ import annotations

import subprocess
import sys

from tests.support.shared import FIXTURES, REPO, require


def test_scores_at_or_above_baseline() -> None:
    require(FIXTURES / "pages" / "wcxb" / "eval_wcxb.py")
    require(FIXTURES / "pages" / "trafilatura_eval" / "groundtruth.jsonl")
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "extraction_eval.py"),
            "--check",
            "--only",
            "broadsheet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
