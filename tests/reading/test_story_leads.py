"""A story's lead line on the front page: its first sentence, else a clip at a word boundary."""

from __future__ import annotations

import json

import pytest

from broadsheet.pipeline import import_articles
from broadsheet.reading import story_leads
from broadsheet.storage.models import Article

pytestmark = [pytest.mark.django_db(transaction=True)]


def _article(text: str) -> int:
    report = import_articles(
        [json.dumps({"url": "https://paper.example/a", "title": "Flood", "text": text})]
    )
    return Article.objects.get(id=report.ids[0]).id


def test_a_long_first_sentence_is_clipped_between_words() -> None:
    words = "the river rose over the harbour wall and ran through the lower streets " * 6
    article = _article("KIRKWALL - " + words.strip() + ". Then the tide turned.")
    lead = story_leads([(1, article)])[1]
    assert lead.endswith("…") and len(lead) <= 201
    body = lead[:-1]
    assert words.startswith(body.split(" - ", 1)[1])
    assert body.split()[-1] in words.split()  # the last word is whole, never "e…"


def test_a_short_first_sentence_is_the_lead() -> None:
    article = _article("The river rose over the harbour wall overnight. Then the tide turned.")
    assert story_leads([(1, article)])[1] == "The river rose over the harbour wall overnight."
