"""An article's text as blocks to render: paragraphs of numbered sentences and embed cards.

Sentence numbers follow ``broadsheet.summarize.split_sentences`` so a summary's citations
(``sentence_index``) point at the right spans. An embedded post replaces the paragraphs it
came from (its text and the "— Name (@handle) date" attribution line), so the card appears
inline where the post was in the original article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from broadsheet.summarize import split_sentences


@dataclass
class Block:
    """A paragraph (``sentences`` as (index, text)) or an embedded post (``embed``)."""

    sentences: list[tuple[int, str]] = field(default_factory=list)
    embed: dict[str, Any] | None = None


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _attribution(paragraph: str, embed: dict[str, Any]) -> bool:
    handle = (embed.get("handle") or "").lower()
    text = paragraph.strip().splitlines()[-1].strip() if paragraph.strip() else ""
    return text[:1] in "—–-" and bool(handle) and handle in text.lower()


def _embed_span(paragraphs: Sequence[str], embed: dict[str, Any]) -> tuple[int, int] | None:
    """Return [start, end) of the paragraphs an embed came from, or None."""
    body = _norm(embed.get("text") or "")
    for i, p in enumerate(paragraphs):
        if _attribution(p, embed):
            start = i
            while start > 0 and body and _norm(paragraphs[start - 1]) in body:
                start -= 1
            return start, i + 1
    return None


def blocks(text: str, embeds: Sequence[dict[str, Any]]) -> tuple[list[Block], list[dict[str, Any]]]:
    """Return the article as blocks, and the embeds that could not be placed inline."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    spans: dict[int, tuple[int, dict[str, Any]]] = {}
    leftover = []
    for e in embeds:
        span = _embed_span(paragraphs, e)
        if span is None or any(s <= span[0] < spans[s][0] for s in spans):
            leftover.append(e)
        else:
            spans[span[0]] = (span[1], e)
    out: list[Block] = []
    n, i = 0, 0
    while i < len(paragraphs):
        sentences = split_sentences(paragraphs[i])
        if i in spans:
            end, e = spans[i]
            for p in paragraphs[i:end]:
                n += len(split_sentences(p))
            out.append(Block(embed=e))
            i = end
            continue
        out.append(Block(sentences=[(n + k, s) for k, s in enumerate(sentences)]))
        n += len(sentences)
        i += 1
    return out, leftover
