"""The story engine's storage names other parts call (core __all__ is pinned in tests/test_public_api.py)."""

from __future__ import annotations

from broadsheet.storage.stories import queries


def test_contract_names_exist_with_their_fields() -> None:
    for name in ("article_story", "get_story", "live_since", "cards", "related"):
        assert callable(getattr(queries, name))
    assert set(queries.Related.__dataclass_fields__) == {
        "article_id",
        "title",
        "url",
        "outlet",
        "published_at",
        "score",
        "reason",
    }
    assert {
        "id",
        "headline",
        "outlets",
        "size",
        "first_published",
        "last_published",
        "article_ids",
    } <= set(queries.StoryCard.__dataclass_fields__)
    assert {"articles", "first_reported_by"} <= set(queries.StoryDetail.__dataclass_fields__)
