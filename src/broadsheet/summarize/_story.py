"""Story summary over every outlet's article: what happened, what each adds, where they differ."""

from __future__ import annotations

from collections.abc import Sequence

from broadsheet.summarize._disagree import find_disagreements
from broadsheet.summarize._extractive import (
    Unit,
    Weights,
    _usable,
    as_sentences,
    score_units,
    select,
    units_of,
)
from broadsheet.summarize._text import TfIdf, cosine
from broadsheet.summarize._types import Document, OutletAddition, StorySummary

WHAT_SENTENCES = 3  # at most; fewer once WHAT_WORDS are reached
WHAT_SHARE = 1 / 3  # stop once the summary holds a third of the story's words (short excerpts)
MAX_SENTENCES_PER_ARTICLE = 40  # long articles: their lead carries the story
MAX_UNITS = 300  # big stories: fewer sentences per article, so a summary stays under a second
NOVELTY = 0.25  # an outlet's sentence "adds" when no other outlet has one this similar


def _outlet(unit: Unit) -> str:
    return unit.outlet or f"article {unit.article_id}"


def _additions(
    units: Sequence[Unit], chosen: Sequence[Unit], titles: Sequence[str]
) -> list[OutletAddition]:
    pool = [u for u in units if _usable(u)]
    outlets = list(dict.fromkeys(_outlet(u) for u in pool))
    if len(outlets) < 2:
        return []
    tfidf = TfIdf(u.text for u in pool)
    scores = score_units(pool, titles, Weights(support=0.0), tfidf)
    chosen_keys = {(u.article_id, u.sentence_index) for u in chosen}
    chosen_vecs = [
        tfidf.vectors[i]
        for i, u in enumerate(pool)
        if (u.article_id, u.sentence_index) in chosen_keys
    ]
    additions = []
    for outlet in outlets:
        best, best_score = None, float("-inf")
        for i, unit in enumerate(pool):
            if _outlet(unit) != outlet or (unit.article_id, unit.sentence_index) in chosen_keys:
                continue
            elsewhere = max(
                (
                    cosine(tfidf.vectors[i], tfidf.vectors[j])
                    for j, o in enumerate(pool)
                    if _outlet(o) != outlet
                ),
                default=0.0,
            )
            repeated = max((cosine(tfidf.vectors[i], v) for v in chosen_vecs), default=0.0)
            if elsewhere < NOVELTY and repeated < NOVELTY * 2 and scores[i] > best_score:
                best, best_score = unit, scores[i]
        if best is not None:
            additions.append(OutletAddition(outlet, as_sentences([best])))
    return additions


def story_units(docs: Sequence[Document]) -> list[Unit]:
    """The sentences a story summary considers: each article's lead, shorter as stories grow."""
    per_article = max(8, min(MAX_SENTENCES_PER_ARTICLE, MAX_UNITS // max(len(docs), 1)))
    return [u for u in units_of(docs) if u.sentence_index < per_article]


def extractive_story(
    docs: Sequence[Document], what_sentences: int = WHAT_SENTENCES
) -> StorySummary:
    """An extractive story summary with outlet additions and disagreements, all cited."""
    units = story_units(docs)
    titles = [d.title for d in docs if d.title]
    # most relevant first: the sentence that carries the story's news leads, whichever outlet
    words = round(WHAT_SHARE * sum(len(d.text.split()) for d in docs))
    chosen = select(units, titles, what_sentences, words=words, reading_order=False)
    return StorySummary(
        what_happened=as_sentences(chosen),
        outlet_additions=tuple(_additions(units, chosen, titles)),
        disagreements=tuple(find_disagreements(units)),
        method="extractive",
    )
