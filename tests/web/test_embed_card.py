"""Each embed card names its platform in words ("Post on X"), not a bare "x" in its corner."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.search import index

pytestmark = pytest.mark.django_db

TEXT = "\n".join(
    [
        "The ferry service resumed on Monday, the port said.",
        "",
        "The harbour office wrote just before dawn:",
        "",
        "Ferries sail again from 7am. Expect delays.",
        "— Harbour Office (@harbour.bsky.social) March 2, 2026",
        "",
        "Crews had worked through the night.",
    ]
)


def test_card_names_platform_in_words_and_keeps_lead_in(client: Client) -> None:
    record = {
        "url": "https://example.org/ferry",
        "title": "Ferries resume",
        "text": TEXT,
        "source": "Example News",
        "published": (timezone.now() - timedelta(minutes=5)).isoformat(),
    }
    ids = import_articles([json.dumps(record)]).ids
    index(ids)
    html = client.get(f"/articles/{ids[0]}/").content.decode()
    card = html[html.index('<figure class="embed') : html.index("</figure>")]
    assert '<span class="platform">Bluesky post</span>' in card
    assert "Ferries sail again" in card and "wrote just before dawn" not in card
    assert "wrote just before dawn" in html  # the reporter's lead-in stays article text
    assert '<span class="platform">bluesky</span>' not in html
