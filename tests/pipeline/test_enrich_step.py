"""The enrich step stores, for each article of a batch, what enriching that article alone finds."""

from __future__ import annotations

import json

import pytest

from broadsheet.enrich import enrich_article
from broadsheet.pipeline import _enrich, import_articles
from broadsheet.storage.intel import queries

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

RECORDS = [
    {
        "url": "https://news.example/ferry",
        "title": "Ferry service to Carrow cut as Orla Quinn warns of delays",
        "text": (
            "Orla Quinn, the transport secretary, said on Monday that the Carrow ferry would run "
            "twice a day from June.\n\n'We cannot keep the old timetable,' Ms Quinn said."
        ),
        "published": "2026-11-20",
        "source": "Example News",
    },
    {
        "url": "https://news.example/harbour",
        "title": "Harbour Trust buys the old mill",
        "text": (
            "The Harbour Trust has bought the old mill in Saltmere for 2 million crowns.\n\n"
            "'It will be a museum,' said Peter Vance, who chairs the Harbour Trust."
        ),
        "published": "2026-11-21",
        "source": "Example News",
    },
]


def test_step_stores_what_each_article_alone_gives_and_skips_missing_ones() -> None:
    ids = import_articles([json.dumps(r) for r in RECORDS]).ids  # every step runs, enrich too
    assert _enrich.run([*ids, 987654]) == len(ids)  # again, as one batch: replaces, stores once
    for article_id, record in zip(ids, RECORDS, strict=True):
        alone = enrich_article(record["title"], record["text"])
        intel = queries.article_intel(article_id)
        assert intel is not None
        assert [t.tag for t in intel.hashtags] == list(alone.hashtags)
        assert {(e.name, e.kind) for e in intel.entities} == {
            (e.name, e.kind) for e in alone.entities
        }
        assert sorted(q.text for q in intel.quotes) == sorted(q.text for q in alone.quotes)
        assert alone.quotes and alone.hashtags
