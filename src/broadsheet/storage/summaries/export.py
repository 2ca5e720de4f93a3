"""Export fields of the summaries concern: each article's stored extractive summary, cited."""

from __future__ import annotations

from typing import Any

from broadsheet.storage.summaries import keys
from broadsheet.storage.summaries.queries import EXTRACTIVE, stored

__all__ = ["fields"]


def fields(article_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{id: {"summary": [{text, citations: [{article_id, sentence_index}]}]}}`` per article.

    Reads the summaries the pipeline stored (one query for the keys, one for the rows); an
    article not summarised yet, or without text, has an empty list.
    """
    wanted = {str(i): keys.digest([p]) for i, p in keys.article_parts(article_ids).items()}
    found = stored("article", wanted, EXTRACTIVE)
    out: dict[int, dict[str, Any]] = {}
    for key in wanted:
        sentences = found.get(key, {}).get("sentences", [])
        out[int(key)] = {
            "summary": [
                {
                    "text": s["text"],
                    "citations": [
                        {"article_id": c["article_id"], "sentence_index": c["sentence_index"]}
                        for c in s["citations"]
                    ],
                }
                for s in sentences
            ]
        }
    return out
