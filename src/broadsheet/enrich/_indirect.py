"""Reported (indirect) speech: a reporting verb and its clause, outside quote marks."""

from __future__ import annotations

import re
from typing import Any

from ._analysis import Analysis
from ._cue_words import INDIRECT_SAY
from ._marks import Marked
from ._quotes import _scope_of
from ._speakers import _outside, _resolve, _subject
from ._types import Quote


def find_indirect(
    analysis: Analysis, marks: list[Marked], scopes: list[tuple[int, int, int | None]]
) -> list[Quote]:
    """Reported speech: a reporting verb with its clause, after it ("said that …") or before it
    ("…, officials said."), or "according to" someone, outside quote marks."""
    out = []
    for tok in analysis.doc:
        according = tok.lower_ == "according"
        if not (according or (tok.lemma_.lower() in INDIRECT_SAY and tok.pos_ == "VERB")):
            continue
        if not _outside(tok, marks):
            continue
        if according:
            subj, (start, end) = _subject(tok, marks), _according_content(tok)
        else:
            subj, (start, end) = _subject(tok, marks), _said_content(tok)
        quoted = sum(max(0, min(end, m.end) - max(start, m.start)) for m in marks)
        if subj is None or end - start < 12 or quoted >= 0.5 * (end - start):
            continue
        start = _content_start(analysis.text, start, end)
        if end - start < 12:
            continue
        embed, scope = _scope_of(tok.idx, scopes, len(analysis.text))
        name, span, conf = _resolve(analysis, subj, scope)
        content = re.sub(r"\s+", " ", analysis.text[start:end]).strip()
        out.append(
            Quote(
                text=content,
                speaker=name,
                kind="indirect",
                confidence=conf * 0.95 if name else 0.0,
                sentence_index=analysis.sentence_index(start),
                start=start,
                end=end,
                speaker_start=span[0],
                speaker_end=span[1],
                in_embed=embed,
            )
        )
    return out


# A wire dateline before the first sentence: "SALTMERE, Nov 24 (CPW) - ", "LONDON (Reuters) — ".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()\n]{1,30}\))?\s*[-–—]+\s+"
)
_LEADING = re.compile(r"[\s\"'“”‘’«»„]+")


def _content_start(text: str, start: int, end: int) -> int:
    """Skip quote marks and spaces left over from the sentence before, and a wire dateline."""
    lead = _LEADING.match(text, start, end)
    start = lead.end() if lead else start
    dateline = _DATELINE.match(text, start, end)
    return dateline.end() if dateline else start


def _said_content(tok: Any) -> tuple[int, int]:
    comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if comp is not None:
        return comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
    sent = tok.sent
    head = tok.head if tok.dep_ in ("parataxis", "ccomp") else None
    if tok.dep_ == "ROOT":
        head = next((c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i), None)
    if head is None or head.i > tok.i:
        return 0, 0
    subj = _subject(tok)
    stop = subj.left_edge.i if subj is not None and subj.i < tok.i else tok.i
    while stop > sent.start and sent.doc[stop - 1].is_punct:
        stop -= 1
    if stop <= sent.start:
        return 0, 0
    last = sent.doc[stop - 1]
    return sent.start_char, last.idx + len(last.text)


def _according_content(tok: Any) -> tuple[int, int]:
    sent = tok.sent
    phrase_end = max(t.i for t in tok.subtree)
    if tok.i > sent.start + 3:
        last = sent.doc[tok.i - 1]
        while last.i > sent.start and last.is_punct:
            last = sent.doc[last.i - 1]
        return sent.start_char, last.idx + len(last.text)
    rest = [t for t in sent if t.i > phrase_end and not t.is_punct]
    return (rest[0].idx, rest[-1].idx + len(rest[-1].text)) if rest else (0, 0)
