"""Intel storage: the enrich step stores, re-runs idempotently, and the query names answer."""

from __future__ import annotations

import json

import pytest

from broadsheet.enrich import reader_tag
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
    for typed in ("#  ", "city transport"):  # storage takes only tags as reader_tag writes them
        with pytest.raises(queries.InvalidTagError):
            queries.add_tag(first, typed, user_id=1)
    assert reader_tag("#  ") == ""
    with pytest.raises(queries.InvalidTagError):
        queries.add_tag(first, reader_tag("#  "), user_id=1)
    assert queries.add_tag(first, reader_tag("city transport"), user_id=1) == "CityTransport"
    assert queries.articles_for_tag("CityTransport") == [first]


def test_duplicate_automatic_tags_are_stored_once() -> None:
    from broadsheet.enrich import Enrichment

    (article_id,) = _import(SECOND)
    result = Enrichment(
        entities=(), quotes=(), hashtags=("WelfareReform", "welfarereform", "Budget"), embeds=()
    )
    queries.save_enrichment(article_id, result)
    queries.save_enrichment(article_id, result)  # idempotent
    intel = queries.article_intel(article_id)
    assert intel is not None
    assert [t.tag for t in intel.hashtags] == ["WelfareReform", "Budget"]


@pytest.mark.parametrize("sort_limit", [0, 20000])
def test_entity_and_tag_pages_list_the_same_articles_either_way(
    sort_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading an entity's rows and sorting them gives what walking all articles gives."""
    from datetime import UTC, datetime, timedelta

    from broadsheet.storage.intel import queries as q
    from broadsheet.storage.intel.models import ArticleEntity, ArticleTag, Entity
    from broadsheet.storage.models import Article

    monkeypatch.setattr(q, "SORT_LIMIT", sort_limit)
    mira = Entity.objects.create(name="Mira Voss", kind="person")
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    ids = []
    for n in range(12):
        a = Article.objects.create(
            origin="import",
            key_hash=f"h{n}",
            item_key=f"k{n}",
            key_kind="link",
            url=f"https://x.example/{n}",
            title=f"T{n}",
            published_at=t0 + timedelta(hours=n % 7),
        )
        ids.append(a.id)
        if n % 3:
            ArticleEntity.objects.create(article=a, entity=mira)
            ArticleTag.objects.create(
                article=a, tag="Harbour" if n % 2 else "harbour", source="auto"
            )
    ArticleTag.objects.create(article_id=ids[4], tag="Harbour", source="hidden")
    named = q.articles_for_entity("Mira Voss", limit=50)
    tagged = q.articles_for_tag("#harbour", limit=50)
    expected = sorted(
        (i for n, i in enumerate(ids) if n % 3),
        key=lambda i: (Article.objects.get(id=i).published_at, i),
        reverse=True,
    )
    assert named == expected
    assert tagged == [i for i in expected if i != ids[4]]
    assert q.articles_for_entity("mira voss", limit=3, offset=2) == expected[2:5]
