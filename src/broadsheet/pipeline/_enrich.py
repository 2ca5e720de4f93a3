"""Pipeline step: find entities, quotes and hashtags of articles and store them (idempotent)."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from broadsheet.enrich import enrich_article, rename_people
from broadsheet.storage.intel import queries

log = logging.getLogger(__name__)


def run(article_ids: Sequence[int]) -> int:
    """Enrich the given articles, replacing earlier automatic results; return how many were enriched."""
    started, done = time.perf_counter(), 0
    for item in queries.for_enrichment(article_ids):
        if not item.text.strip():
            continue
        result = enrich_article(item.title, item.text, item.embeds)
        lone = [e.name for e in result.entities if e.kind == "person" and " " not in e.name]
        result = rename_people(result, queries.known_people(lone))
        queries.save_enrichment(item.id, result)
        done += 1
    log.info(
        "enriched articles",
        extra={"articles": done, "seconds": round(time.perf_counter() - started, 3)},
    )
    return done
