"""The story engine's public names (pinned: other parts call them)."""

from __future__ import annotations

import broadsheet.cluster as cluster
import broadsheet.dedupe as dedupe
from broadsheet.storage.stories import queries


def test_dedupe_all_is_pinned() -> None:
    assert sorted(dedupe.__all__) == [
        "BANDS", "NEAR_DUPLICATE", "PERMUTATIONS", "bands", "canonical_url", "normalise_text",
        "pack", "page_canonical_url", "shingles", "signature", "similarity", "text_fingerprint",
        "unpack",
    ]


def test_cluster_all_is_pinned() -> None:
    assert sorted(cluster.__all__) == [
        "Explanation", "Features", "Placement", "RelatedHit", "Settings", "Split", "StoryEngine", "features",
        "from_json", "reason", "to_json",
    ]


def test_contract_names_exist_with_their_fields() -> None:
    for name in ("article_story", "get_story", "front_page", "related"):
        assert callable(getattr(queries, name))
    assert set(queries.Related.__dataclass_fields__) == {
        "article_id", "title", "url", "outlet", "published_at", "score", "reason"}
    assert {"id", "headline", "outlets", "size", "first_published", "last_published",
            "article_ids"} <= set(queries.StoryCard.__dataclass_fields__)
    assert {"articles", "first_reported_by"} <= set(queries.StoryDetail.__dataclass_fields__)
