"""Hashtags: 3 to 8 CamelCase tags from an article's main entities and key phrases, stable and deduplicated."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from ._names import ROLE_RE
from ._types import Entity

MAX_TAGS, MIN_TAGS = 8, 3
_STOP = {
    "year",
    "years",
    "time",
    "day",
    "days",
    "week",
    "people",
    "thing",
    "things",
    "way",
    "part",
    "point",
    "lot",
    "number",
    "place",
    "case",
    "world",
    "interview",
    "question",
    "questions",
    "month",
    "months",
    "today",
    "yesterday",
    "man",
    "men",
    "woman",
    "women",
    "kind",
    "end",
    "side",
    "fact",
    "percent",
    "cent",
    "%",
    "mr",
    "ms",
    "mrs",
    "sir",
    "statement",
    "comment",
    "comments",
}


def camel(phrase: str) -> str:
    """Return ``phrase`` as a CamelCase tag without '#' ("welfare reform" → "WelfareReform")."""
    parts = re.findall(r"[A-Za-z0-9]+", phrase)
    return "".join(p if p.isupper() or p[:1].isupper() else p.capitalize() for p in parts)


def reader_tag(typed: str) -> str:
    """A hashtag a reader typed, as it is stored: "#city transport" → "CityTransport".

    Words become one CamelCase tag; a single word keeps its letters and digits. Empty when
    nothing is left (the caller refuses the tag).
    """
    bare = typed.strip().lstrip("#")
    return camel(bare) if re.search(r"\s", bare) else re.sub(r"[^\w]", "", bare)


def _content(tok: Any, nouns: frozenset[str] | set[str] = frozenset()) -> bool:
    """A content word; a word the tagger called a verb counts when it is a noun elsewhere."""
    return (
        (tok.pos_ in ("NOUN", "ADJ", "PROPN") or tok.lemma_.lower() in nouns)
        and not tok.is_stop
        and tok.is_alpha
        and len(tok.text) > 2
        and tok.lemma_.lower() not in _STOP
        and tok.ent_type_ not in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "ORG", "GPE")
    )


def key_phrases(docs: list[Any], quoted: Sequence[tuple[int, int]] = ()) -> dict[str, float]:
    """Count noun phrases (1-2 content words, lemmatised); titles count double, quoted words half."""
    counts: dict[str, float] = defaultdict(float)
    noun_words = {t.lemma_.lower() for doc in docs for t in doc if t.pos_ == "NOUN"}
    for base, doc in zip((2, 1), docs, strict=False):
        for chunk in doc.noun_chunks:
            inside = base == 1 and any(a <= chunk.start_char < b for a, b in quoted)
            weight = base / 2 if inside else base
            if ROLE_RE.fullmatch(chunk.text.strip()):
                continue
            toks = [
                t
                for t in chunk
                if t.pos_ in ("NOUN", "ADJ", "PROPN") and not t.is_stop and t.is_alpha
            ]
            toks = [
                t
                for t in toks
                if t.ent_type_ not in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL")
            ]
            toks = [t for t in toks if t.lemma_.lower() not in _STOP]
            if not toks or toks[-1].pos_ != "NOUN":
                continue
            head = toks[-1].lemma_.lower()
            if len(head) > 3:
                counts[head] += weight
        for first, second in pairwise(doc):
            if (
                _content(first, noun_words)
                and _content(second)
                and second.pos_ == "NOUN"
                and first.dep_ != "poss"
            ):
                inside = base == 1 and any(a <= first.idx < b for a, b in quoted)
                counts[f"{first.lemma_.lower()} {second.lemma_.lower()}"] += (
                    base if inside else base * 2
                )
    nouns = Counter(
        t.lemma_.lower()
        for doc in docs
        for t in doc
        if t.pos_ == "NOUN" and not any(a <= t.idx < b for a, b in quoted)
    )
    for phrase in [p for p in counts if " " in p]:
        counts[phrase] += sum(min(nouns[w], 3) for w in phrase.split()) / 2
    return counts


def choose(entities: tuple[Entity, ...], phrases: dict[str, float], title: str) -> tuple[str, ...]:
    """Pick the tags: main people, organisations and places, then the key phrases; no repeats."""
    low_title = title.lower()
    ranked = sorted(
        entities,
        key=lambda e: (
            -(e.count + 3 * (e.name.split()[-1].lower() in low_title) + (e.kind == "person")),
            e.name,
        ),
    )
    tags: list[str] = []
    seen_words: list[set[str]] = []
    phrase_words: set[str] = set()

    def add(phrase: str, is_phrase: bool = False) -> None:
        tag = camel(phrase)
        word_set = {w.lower() for w in re.findall(r"[A-Za-z0-9]+", phrase)}
        if (
            not tag
            or len(tags) >= MAX_TAGS
            or any(word_set <= s or s <= word_set for s in seen_words)
            or (is_phrase and word_set & phrase_words)
        ):
            return
        tags.append(tag)
        seen_words.append(word_set)
        phrase_words.update(word_set if is_phrase else ())

    for entity in ranked:
        if entity.count >= 2 or entity.name.split()[-1].lower() in low_title:
            add(entity.name)
    strong = [
        p for p, c in sorted(phrases.items(), key=lambda pc: (-pc[1], pc[0])) if c >= 3 and " " in p
    ]
    for phrase in strong[:2]:
        add(phrase, is_phrase=True)
    for entity in ranked[:MAX_TAGS]:
        if len(tags) >= 6:
            break
        if entity.count >= 2 or " " in entity.name or entity.kind != "person":
            add(entity.name)
    for phrase, _count in sorted(phrases.items(), key=lambda pc: (-pc[1], pc[0])):
        if len(tags) >= MIN_TAGS + 2:
            break
        add(phrase, is_phrase=True)
    return tuple(tags[:MAX_TAGS])
