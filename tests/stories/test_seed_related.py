"""Acceptance: the seed page's three related articles are found again among the main article's.

The main article and its related ones are rebuilt from ../shared/seed at test time, mixed with
unrelated articles from the BASIL and AllSides fixtures, imported through the real pipeline.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from broadsheet.pipeline import import_articles
from broadsheet.pipeline._cluster import forget
from broadsheet.storage.stories.queries import article_story, related
from tests.stories.seed import NOW, parse
from tests.support.shared import FIXTURES, SEED, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def _distractors(n_each: int = 6) -> list[dict[str, str]]:
    out = []
    for name in ("basil_triplets.jsonl", "allsides_neus_articles.jsonl"):
        path = require(FIXTURES / "stories" / name)
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line, _ in zip(fh, range(n_each * 3), strict=False)]
        for i, r in enumerate(rows[::3][:n_each]):
            out.append(
                {
                    "url": r["url"],
                    "title": r["title"],
                    "text": r["text"],
                    "source": r["source"],
                    "published": (NOW - timedelta(hours=2 + i)).isoformat(),
                }
            )
    return out


def test_seed_related_articles_are_found_among_the_main_articles_related() -> None:
    forget()
    main, expected = parse(require(SEED / "000_cd1d4b8b4071014e.txt"))
    assert len(expected) == 3
    lines = [json.dumps(a.record(n)) for n, a in enumerate(expected, 1)]
    lines += [json.dumps(d) for d in _distractors()]
    lines.append(json.dumps(main.record(0)))
    report = import_articles(lines)
    assert report.rejected == 0, report.problems
    main_id = report.ids[-1]
    hits = related(main_id, limit=10)
    found = {h.outlet for h in hits}
    titles = {h.title for h in hits}
    assert {a.title for a in expected} <= titles, [(h.outlet, h.title, h.score) for h in hits]
    assert {"BBC News", "Daily Mail", "The Guardian"} <= found
    for hit in hits:
        assert hit.reason and hit.score > 0 and hit.published_at is not None and hit.url
    starmer = [h for h in hits if h.title in {a.title for a in expected}]
    assert all("Starmer" in h.reason or "Labour" in h.reason for h in starmer), [
        h.reason for h in starmer
    ]
    # the three are ranked above every distractor
    ranks = [i for i, h in enumerate(hits) if h.title in {a.title for a in expected}]
    assert ranks == [0, 1, 2], [(h.title, h.score) for h in hits]
    assert article_story(main_id) is not None
