"""Frozen results of the summarizer: every sentence we show carries the source sentences it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Method = Literal["extractive", "llm"]


@dataclass(frozen=True)
class Document:
    """One article as the summarizer sees it: id, outlet name, title and body text."""

    article_id: int
    text: str
    title: str = ""
    outlet: str = ""


@dataclass(frozen=True)
class Citation:
    """A source sentence: ``sentence_index`` counts sentences of the article body from 0."""

    article_id: int
    sentence_index: int
    text: str
    outlet: str = ""  # the article's outlet, named beside the citation mark


@dataclass(frozen=True)
class SummarySentence:
    """One output sentence and the source sentences that support it (never empty)."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Summary:
    """A 2–4 sentence summary; ``note`` says why the LLM was not used, when it was asked for."""

    sentences: tuple[SummarySentence, ...]
    method: Method = "extractive"
    note: str = ""


@dataclass(frozen=True)
class OutletAddition:
    """What one outlet reports that the others do not."""

    outlet: str
    sentences: tuple[SummarySentence, ...]


@dataclass(frozen=True)
class Claim:
    """One outlet's value for a disputed fact, with the sentence it comes from."""

    outlet: str
    value: str
    citation: Citation


@dataclass(frozen=True)
class Disagreement:
    """Outlets report different values (numbers, dates, names) for the same fact."""

    fact: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class StorySummary:
    """What happened, what each outlet adds, and where outlets disagree."""

    what_happened: tuple[SummarySentence, ...]
    outlet_additions: tuple[OutletAddition, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    method: Method = "extractive"
    note: str = ""


@dataclass(frozen=True)
class Answer:
    """An answer built from cited sentences; ``supported`` is False when nothing answers it."""

    question: str
    sentences: tuple[SummarySentence, ...] = field(default_factory=tuple)
    supported: bool = False
    method: Method = "extractive"
    note: str = ""
