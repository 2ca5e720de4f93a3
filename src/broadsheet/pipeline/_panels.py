"""Pipeline step: build each article page's panels (its story, related coverage and
intelligence) once, after every step that changes them, so a page reads them in one query.

Load: the story card, the related block and the intelligence, as the page would read them
(``reading.panels_of``). Apply: one transaction storing them with the stamp of the story they
were built against (``storage.panels``). A story that changes later (a new member, a merge, a
split) makes its other members' pages build their panels themselves until those articles
pass this step again: the step rebuilds only its own batch, so a story of hundreds of articles
does not cost hundreds of rebuilds per new member.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from broadsheet.reading import build_panels

log = logging.getLogger(__name__)


def run(article_ids: Sequence[int]) -> dict[str, int]:
    """Build and store the panels of the given articles; return how many were stored."""
    started = time.perf_counter()
    stored = build_panels(article_ids)
    log.info(
        "panels stored",
        extra={"articles": stored, "seconds": round(time.perf_counter() - started, 3)},
    )
    return {"panels": stored}
