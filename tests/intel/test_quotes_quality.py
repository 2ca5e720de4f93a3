"""Quote finding and speaker attribution never silently drop below benchmarks/baselines/quotes.json."""

from __future__ import annotations

import subprocess
import sys

from tests.support.shared import FIXTURES, REPO, require


def test_quote_scores_at_or_above_baseline() -> None:
    require(FIXTURES / "quotes" / "polnear_attributions.jsonl")
    require(FIXTURES / "quotes" / "basil_quoted_bias_spans.jsonl")
    require(FIXTURES / "stories" / "basil_triplets.jsonl")
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "quotes_eval.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
