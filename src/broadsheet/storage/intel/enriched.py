"""What the enrich step hands storage: the fields ``queries.save_enrichment`` reads.

Structural types, so storage needs nothing from the enrich package: its ``Enrichment`` (and
anything else with these fields) is stored as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["Embed", "EnrichmentResult", "Entity", "Quote"]


class Entity(Protocol):
    """An entity found in the article, under its canonical name."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def display(self) -> str: ...

    @property
    def count(self) -> int: ...


class Quote(Protocol):
    """A quote with its speaker (None when unknown) and where it is in the text."""

    @property
    def text(self) -> str: ...

    @property
    def speaker(self) -> str | None: ...

    @property
    def kind(self) -> str: ...

    @property
    def confidence(self) -> float: ...

    @property
    def sentence_index(self) -> int: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def in_embed(self) -> int | None: ...


class Embed(Protocol):
    """An embedded post's author and the entity (by name) the author is."""

    @property
    def index(self) -> int: ...

    @property
    def handle(self) -> str | None: ...

    @property
    def author(self) -> str | None: ...

    @property
    def published(self) -> str | None: ...

    @property
    def entity(self) -> str | None: ...


class EnrichmentResult(Protocol):
    """What ``save_enrichment`` stores (the enrich package's ``Enrichment`` is one)."""

    @property
    def entities(self) -> Sequence[Entity]: ...

    @property
    def quotes(self) -> Sequence[Quote]: ...

    @property
    def hashtags(self) -> Sequence[str]: ...

    @property
    def embeds(self) -> Sequence[Embed]: ...
