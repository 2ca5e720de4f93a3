"""Fields the intel concern adds to `broadsheet export`: entities, hashtags and quotes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .queries import article_intel


def fields(article_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Return {article id: {"entities", "hashtags", "quotes", "embed_authors"}} for the given articles."""
    out: dict[int, dict[str, Any]] = {}
    for article_id in article_ids:
        intel = article_intel(article_id)
        if intel is None:
            continue
        out[article_id] = {
            "entities": [
                {"name": e.name, "kind": e.kind, "display": e.display, "count": e.count}
                for e in intel.entities
            ],
            "hashtags": [f"#{t.tag}" for t in intel.hashtags],
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "kind": q.kind,
                    "confidence": round(q.confidence, 3),
                    "sentence_index": q.sentence_index,
                }
                for q in intel.quotes
            ],
            "embed_authors": [
                {
                    "handle": e.handle,
                    "author": e.author,
                    "published": e.published,
                    "entity": e.entity,
                }
                for e in intel.embeds
            ],
        }
    return out
