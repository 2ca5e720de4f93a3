"""A list row names where its article comes from: its feed, else its outlet (imported articles)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.pipeline import import_articles

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_an_imported_article_of_no_feed_shows_its_outlet_in_unread() -> None:
    import_articles(
        [
            json.dumps(
                {
                    "url": "https://quay-weekly.example/n/1",
                    "title": "Ferry timetable changes",
                    "text": "The ferry leaves an hour later from Monday.",
                    "source": "Quay Weekly",
                    "source_url": "https://quay-weekly.example/",
                }
            )
        ]
    )
    user = User.objects.create_user("reader", "r@example.org", "correct-horse-battery")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    page = client.get("/unread/").content.decode()
    assert "Ferry timetable changes" in page
    assert '<span class="outlet">Quay Weekly</span>' in page
