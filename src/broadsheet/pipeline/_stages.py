"""The steps after extraction, in order: dedupe → cluster → enrich → index → summarize.

``summarize`` comes last so that slow story summaries never delay search and alerts.

Each step is a module ``broadsheet.pipeline._<step>`` with ``run(article_ids) -> object``:
idempotent, taking IDs, quietly skipping articles that no longer exist. A failing step is
logged with the article IDs and does not stop the steps after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from broadsheet.pipeline import _cluster, _dedupe, _enrich, _index, _summarize

log = logging.getLogger(__name__)

STEPS: dict[str, Callable[[list[int]], object]] = {
    "dedupe": _dedupe.run,
    "cluster": _cluster.run,
    "enrich": _enrich.run,
    "index": _index.run,
    "summarize": _summarize.run,
}


def run_steps(article_ids: Sequence[int], steps: Sequence[str] = tuple(STEPS)) -> None:
    """Run the steps after extraction over the given articles; one failing step spares the rest."""
    if not article_ids:
        return
    for step in steps:
        try:
            STEPS[step](list(article_ids))
        except Exception:
            log.exception(
                "pipeline step failed", extra={"step": step, "articles": len(article_ids)}
            )
