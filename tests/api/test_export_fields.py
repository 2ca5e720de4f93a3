"""The stories and intel concerns' export fields, read in one query per table (the API's article
endpoint serves them), with merged-story redirects, hidden hashtags and ordering kept."""

from __future__ import annotations

import pytest

from broadsheet.storage.intel import export as intel_export
from broadsheet.storage.intel.models import ArticleEntity, ArticleTag, EmbedLink, Entity, Quote
from broadsheet.storage.models import Article
from broadsheet.storage.stories import export as stories_export
from broadsheet.storage.stories.models import Membership, RelatedLink, Signature, Story
from tests.api.conftest import import_article

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _bare(n: int) -> list[int]:
    """Articles with no story or intel rows yet (whatever the pipeline made is removed)."""
    ids = [
        import_article(
            url=f"https://n{i}.example/a",
            title=f"Bare {i}",
            text=f"Unrelated text number {i}.",
            source=f"n{i}.example",
        )
        for i in range(n)
    ]
    for model in (Membership, Signature, RelatedLink):
        model.objects.filter(article_id__in=ids).delete()
    for model in (ArticleEntity, ArticleTag, Quote, EmbedLink):
        model.objects.filter(article_id__in=ids).delete()
    return ids


def test_story_fields_follow_redirect_chains_and_cycles() -> None:
    a, b, c = _bare(3)
    s1, s2, s3 = Story.objects.create(), Story.objects.create(), Story.objects.create()
    Story.objects.filter(id=s1.id).update(redirect_to=s2)
    Story.objects.filter(id=s2.id).update(redirect_to=s3)
    Membership.objects.create(article_id=a, story=s1)
    Membership.objects.create(article_id=b, story=s1)
    Signature.objects.create(
        article_id=a, canonical_url="https://canon.example/a", duplicate_of_id=b
    )
    RelatedLink.objects.create(article_id=a, other_id=c, score=0.25, reason="same place")
    RelatedLink.objects.create(article_id=a, other_id=b, score=0.75, reason="same story")
    got = stories_export.fields([a, b, c])
    assert got[a] == {
        "canonical_url": "https://canon.example/a",
        "duplicate_of": b,
        "syndicated_from": None,
        "story_id": s3.id,
        "related": [{"url": Article.objects.get(id=c).url, "score": 0.25, "reason": "same place"}],
    }
    assert got[c] == {
        "canonical_url": None,
        "duplicate_of": None,
        "syndicated_from": None,
        "story_id": None,
        "related": [],
    }
    Story.objects.filter(id=s3.id).update(redirect_to=s1)  # a cycle ends where it started
    assert stories_export.fields([a])[a]["story_id"] == s1.id


def test_intel_fields_order_and_hidden_tags() -> None:
    a, b = _bare(2)
    ana, city = (
        Entity.objects.create(name="Ana Ruiz", kind="PERSON"),
        Entity.objects.create(name="Lisbon", kind="GPE"),
    )
    ArticleEntity.objects.create(article_id=a, entity=city, count=1, display="Lisbon")
    ArticleEntity.objects.create(article_id=a, entity=ana, count=3, display="Ruiz")
    for position, (tag, source) in enumerate(
        [
            ("Trams", "auto"),
            ("trams", "user"),
            ("strike", "auto"),
            ("STRIKE", "hidden"),
            ("city", "user"),
        ]
    ):
        ArticleTag.objects.create(article_id=a, tag=tag, source=source, position=position)
    Quote.objects.create(article_id=a, position=2, text="Second.", kind="direct", confidence=0.5)
    Quote.objects.create(
        article_id=a,
        position=1,
        text="First.",
        speaker="Ana Ruiz",
        speaker_entity=ana,
        kind="direct",
        confidence=0.87654,
        sentence_index=3,
    )
    EmbedLink.objects.create(article_id=a, index=1, handle="@b", author="B", entity=None)
    EmbedLink.objects.create(
        article_id=a, index=0, handle="@ana", author="Ana", published="2024", entity=ana
    )
    got = intel_export.fields([a, b])
    assert got[a] == {
        "entities": [
            {"name": "Ana Ruiz", "kind": "PERSON", "display": "Ruiz", "count": 3},
            {"name": "Lisbon", "kind": "GPE", "display": "Lisbon", "count": 1},
        ],
        "hashtags": ["#Trams", "#city"],
        "quotes": [
            {
                "text": "First.",
                "speaker": "Ana Ruiz",
                "kind": "direct",
                "confidence": 0.877,
                "sentence_index": 3,
            },
            {
                "text": "Second.",
                "speaker": None,
                "kind": "direct",
                "confidence": 0.5,
                "sentence_index": 0,
            },
        ],
        "embed_authors": [
            {"handle": "@ana", "author": "Ana", "published": "2024", "entity": "Ana Ruiz"},
            {"handle": "@b", "author": "B", "published": "", "entity": None},
        ],
    }
    assert got[b] == {"entities": [], "hashtags": [], "quotes": [], "embed_authors": []}
