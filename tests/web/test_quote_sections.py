"""The article page lists direct quotes under "Quotes" and reported speech apart, as "said"."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.search import index

pytestmark = pytest.mark.django_db


def _tram_record() -> dict[str, object]:
    with resources.files("broadsheet.starter").joinpath("demo_articles.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            if record["title"].startswith("Carrow tram strike"):
                return {k: record[k] for k in ("url", "title", "text", "source") if k in record} | {
                    "published": (timezone.now() - timedelta(minutes=5)).isoformat()
                }
    raise AssertionError("starter tram article missing")


def test_tram_page_quotes_once_and_reported_speech_apart(client: Client) -> None:
    ids = import_articles([json.dumps(_tram_record())]).ids
    index(ids)
    html = client.get(f"/articles/{ids[0]}/").content.decode()
    quotes = html[html.index("<h2>Quotes</h2>") :]
    quotes = quotes[: quotes.index("</section>")]
    assert "had not taken the decision lightly" not in quotes
    assert quotes.count("fair, and") == 1 and "without raising fares" in quotes
    said = html[html.index("<h2>Also said</h2>") :]
    assert "Owen Pike said drivers had not taken the decision lightly" in said
    card = html[html.index('<figure class="embed') : html.index("</figure>")]
    assert "Only Line 5" not in card and "posted a warning" not in card
    assert '<span class="platform">Post on X</span>' in card
