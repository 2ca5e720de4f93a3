"""The scheduler's question "what waits for extraction?" is answered newest first, cheaply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.storage import articles
from broadsheet.storage.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


@pytest.mark.parametrize("sort_limit", [0, 5000])
def test_pending_articles_come_newest_first_either_way(
        sort_limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(articles, "PENDING_SORT_LIMIT", sort_limit)
    t0 = datetime(2026, 5, 1, tzinfo=UTC)
    made = {}
    for n in range(9):
        a = Article.objects.create(
            origin="import", key_hash=f"h{n}", item_key=f"k{n}", key_kind="link",
            url=f"https://x.example/{n}", published_at=t0 + timedelta(hours=(n * 5) % 9),
            extraction_status="done" if n % 3 == 0 else "pending")
        made[a.id] = a.published_at
    pending = [i for i in made if Article.objects.get(id=i).extraction_status == "pending"]
    expected = sorted(pending, key=lambda i: (made[i], i), reverse=True)
    assert articles.pending_extraction_ids(50) == expected
    assert articles.pending_extraction_ids(2) == expected[:2]
