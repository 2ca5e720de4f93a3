"""The results of enriching one article: entities, quotes, hashtags and linked embedded posts."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("person", "org", "place", "event")
QUOTE_KINDS = ("direct", "partial", "indirect")


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place or event (a named storm) in an article, under one canonical name."""

    name: str
    kind: str
    display: str
    count: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Something a speaker said: its words, who said it (None when unknown) and how sure we are.

    ``start``/``end`` are character offsets into the article text; ``speaker_start``/
    ``speaker_end`` locate the mention the speaker was resolved from (or -1).
    """

    text: str
    speaker: str | None
    kind: str
    confidence: float
    sentence_index: int
    start: int
    end: int
    speaker_start: int = -1
    speaker_end: int = -1
    in_embed: int | None = None


@dataclass(frozen=True)
class EmbedLink:
    """An embedded post (by its index in ``Article.embeds``) and the entity its author is."""

    index: int
    handle: str | None
    author: str | None
    published: str | None
    entity: str | None


@dataclass(frozen=True)
class Enrichment:
    """Everything the enrich step found in one article."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    hashtags: tuple[str, ...]
    embeds: tuple[EmbedLink, ...] = ()
