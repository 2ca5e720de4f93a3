"""Fixtures shared by the summary storage tests."""

from __future__ import annotations

import pytest

from broadsheet.storage.models import Article, Source
from tests.summaries.corpus import STORY


@pytest.fixture
def ids() -> list[int]:
    """The three corpus articles, each from its own outlet, stored in order."""
    out = []
    for n, doc in enumerate(STORY):
        source = Source.objects.create(domain=f"outlet{n}.example", name=doc.outlet)
        article = Article.objects.create(
            origin="import",
            key_hash=f"h{n}",
            item_key=f"k{n}",
            key_kind="link",
            url=f"https://outlet{n}.example/a",
            title=doc.title,
            text=doc.text,
            source=source,
        )
        out.append(article.id)
    return out
