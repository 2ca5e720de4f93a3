"""Pipeline step: find entities, quotes and hashtags of articles and store them (idempotent)."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from broadsheet.enrich import enrich_articles, rename_people
from broadsheet.storage.intel import queries

log = logging.getLogger(__name__)


def run(article_ids: Sequence[int]) -> int:
    """Enrich the given articles, replacing earlier automatic results; return how many were enriched."""
    started = time.perf_counter()
    items = [item for item in queries.for_enrichment(article_ids) if item.text.strip()]
    results = enrich_articles([(item.title, item.text, item.embeds) for item in items])
    for item, result in zip(items, results, strict=True):
        lone = [e.name for e in result.entities if e.kind == "person" and " " not in e.name]
        queries.save_enrichment(item.id, rename_people(result, queries.known_people(lone)))
    log.info(
        "enriched articles",
        extra={"articles": len(items), "seconds": round(time.perf_counter() - started, 3)},
    )
    return len(items)
