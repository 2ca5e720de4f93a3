"""Article intelligence: named entities under canonical names, quotes with speakers, hashtags."""

from __future__ import annotations

from ._article import enrich_article, enrich_articles, rename_people
from ._hashtags import camel, reader_tag
from ._model import MODEL_PACKAGE, MODEL_VERSION, ModelMissingError, load_model
from ._types import EmbedLink, Enrichment, Entity, Quote

__all__ = [
    "MODEL_PACKAGE",
    "MODEL_VERSION",
    "EmbedLink",
    "Enrichment",
    "Entity",
    "ModelMissingError",
    "Quote",
    "camel",
    "enrich_article",
    "enrich_articles",
    "load_model",
    "reader_tag",
    "rename_people",
]
