"""The batched path the enrich step runs (one nlp.pipe per batch) finds exactly what enriching
each article on its own finds."""

from __future__ import annotations

import json
from pathlib import Path

import broadsheet.starter
from broadsheet.enrich import enrich_article, enrich_articles

STARTER = Path(broadsheet.starter.__file__).with_name("demo_articles.jsonl")


def _starter(every: int = 4) -> list[tuple[str, str, list[dict[str, object]] | None]]:
    rows = [json.loads(line) for line in STARTER.read_text(encoding="utf-8").splitlines()]
    return [(r["title"], r["text"], None) for r in rows[::every]]


def test_batched_results_equal_single_article_results() -> None:
    articles = _starter()
    articles[1] = ("", articles[1][1], [])  # no title, no embedded posts
    assert len(articles) >= 8
    single = [enrich_article(title, text, embeds) for title, text, embeds in articles]
    assert enrich_articles(articles) == single
    assert all(r.entities and r.hashtags for r in single)  # the comparison is not of empties


def test_batch_keeps_input_order_and_empty_batch_is_empty() -> None:
    articles = _starter(every=9)[:3]
    forward = enrich_articles(articles)
    assert enrich_articles(articles[::-1]) == forward[::-1]
    assert enrich_articles([]) == []
