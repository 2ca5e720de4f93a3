"""The steps after extraction, in order: dedupe → cluster → enrich → index.

Each step is a module ``broadsheet.pipeline._<step>`` with ``run(article_ids) -> object``:
idempotent, taking IDs, quietly skipping articles that no longer exist. A failing step is
logged with the article IDs and does not stop the steps after it.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Sequence

log = logging.getLogger(__name__)

STEPS = ("dedupe", "cluster", "enrich", "index")


def _module(step: str) -> object | None:
    name = f"broadsheet.pipeline._{step}"
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def run_steps(article_ids: Sequence[int], steps: Sequence[str] = STEPS) -> None:
    """Run every available step after extraction over the given articles."""
    if not article_ids:
        return
    for step in steps:
        module = _module(step)
        if module is None:
            continue
        try:
            module.run(list(article_ids))  # type: ignore[attr-defined]
        except Exception:
            log.exception("pipeline step failed", extra={"step": step, "articles": len(article_ids)})
