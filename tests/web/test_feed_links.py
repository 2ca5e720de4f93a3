"""Every followable page offers its RSS feed, discoverable by feed readers and visible to people."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from broadsheet.storage.stories.queries import article_story
from tests.web.test_reader_pages import _import

pytestmark = pytest.mark.django_db


def _alternates(html: str) -> list[str]:
    return re.findall(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', html)


def test_story_tag_entity_search_and_latest_pages_offer_their_feed(client: Client) -> None:
    a = _import()
    story = article_story(a)
    assert story is not None
    pages = {
        f"/stories/{story.id}/": f"/syndication/stories/{story.id}.rss",
        "/tags/Trams/": "/syndication/hashtags/Trams.rss",
        "/entities/City%20Transit/": "/syndication/entities/City%20Transit.rss",
        "/search/?q=tram": "/syndication/search.rss?q=tram",
        "/latest/": "/syndication/latest.rss",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert feed in _alternates(html), (page, _alternates(html))
        assert f'class="feed-link" href="{feed}"' in html.replace("&amp;", "&"), page
        assert client.get(feed).status_code == 200, feed
