"""Export fields of the summaries concern: each article's cited summary (extractive, offline)."""

from __future__ import annotations

from typing import Any

from broadsheet.storage.summaries.queries import article_summaries

__all__ = ["fields"]


def fields(article_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{id: {"summary": [{text, citations: [{article_id, sentence_index}]}]}}`` per article."""
    out: dict[int, dict[str, Any]] = {}
    summaries = article_summaries(article_ids)  # stored ones in one query; no LLM during export
    for article_id in (i for i in dict.fromkeys(int(i) for i in article_ids) if i in summaries):
        summary = summaries[article_id]
        sentences = summary.sentences if summary else ()
        out[article_id] = {
            "summary": [
                {
                    "text": s.text,
                    "citations": [
                        {"article_id": c.article_id, "sentence_index": c.sentence_index}
                        for c in s.citations
                    ],
                }
                for s in sentences
            ]
        }
    return out
