"""Intel storage: the enrich step stores, re-runs idempotently, and the query names answer."""

from __future__ import annotations

import json

import pytest

from broadsheet.pipeline import import_articles
from broadsheet.storage.intel import queries

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

FIRST = {
    "url": "https://news.example/bridge-1",
    "title": "Tobias Grant backs the new bridge",
    "text": (
        "Tobias Grant, the council leader, backed the bridge on Monday.\n\n"
        "'The bridge will open in May,' Mr Grant said of the plans."
    ),
    "published": "2026-11-20",
    "source": "Example News",
}
SECOND = {
    "url": "https://news.example/bridge-2",
    "title": "Bridge delayed",
    "text": "Mr Grant said the bridge would now open in June after a delay to the steel deliveries.",
    "published": "2026-11-21",
    "source": "Example News",
}


def _import(*records: dict[str, str]) -> list[int]:
    return import_articles([json.dumps(r) for r in records]).ids


def test_queries_answer_after_import() -> None:
    first, second = _import(FIRST, SECOND)
    intel = queries.article_intel(first)
    assert intel is not None
    assert [q.speaker for q in intel.quotes if q.kind == "direct"] == ["Tobias Grant"]
    assert intel.quotes[0].speaker_entity == "Tobias Grant"
    assert queries.articles_for_entity("Tobias Grant") == [second, first]
    assert ("Tobias Grant", "person", 2) in queries.top_entities(5)
    assert "TobiasGrant" in [t for t, _ in queries.top_tags(10)]
    assert queries.articles_for_tag("#TobiasGrant")[-1] == first


def test_lone_surname_takes_the_full_name_stored_from_another_article() -> None:
    _first, second = _import(FIRST, SECOND)
    intel = queries.article_intel(second)
    assert intel is not None
    assert [e.name for e in intel.entities if e.kind == "person"] == ["Tobias Grant"]


def test_missing_article_has_no_intel_and_bad_tags_are_refused() -> None:
    assert queries.article_intel(999_999) is None
    (first,) = _import(FIRST)
    with pytest.raises(queries.InvalidTagError):
        queries.add_tag(first, "#  ", user_id=1)
    assert queries.add_tag(first, "city transport", user_id=1) == "CityTransport"
    assert queries.articles_for_tag("CityTransport") == [first]



def test_duplicate_automatic_tags_are_stored_once() -> None:
    from broadsheet.enrich import Enrichment

    (article_id,) = _import(SECOND)
    result = Enrichment(entities=(), quotes=(), hashtags=("WelfareReform", "welfarereform", "Budget"),
                        embeds=())
    queries.save_enrichment(article_id, result)
    queries.save_enrichment(article_id, result)  # idempotent
    intel = queries.article_intel(article_id)
    assert intel is not None
    assert [t.tag for t in intel.hashtags] == ["WelfareReform", "Budget"]
