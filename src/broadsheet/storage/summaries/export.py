"""Export fields of the summaries concern: each article's cited summary (extractive, offline)."""

from __future__ import annotations

from typing import Any

from broadsheet.storage.summaries.queries import article_summary, documents

__all__ = ["fields"]


def fields(article_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{id: {"summary": [{text, citations: [{article_id, sentence_index}]}]}}`` per article."""
    out: dict[int, dict[str, Any]] = {}
    for doc in documents(article_ids):
        summary = article_summary(doc.article_id, use_llm=False) if doc.text.strip() else None
        sentences = summary.sentences if summary else ()
        out[doc.article_id] = {
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
