"""Pipeline step: put new or re-extracted articles into the search index, then check alerts."""

from __future__ import annotations

from collections.abc import Sequence

from broadsheet.search import check_alerts, index


def run(article_ids: Sequence[int]) -> int:
    """Upsert the articles into the full-text index and record alert matches; idempotent."""
    done = index(article_ids)
    check_alerts(article_ids)
    return done
