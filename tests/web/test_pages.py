"""The first reader: newest articles, article page with embeds, feeds page with health."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.storage import feeds
from broadsheet.storage.models import Article

pytestmark = pytest.mark.django_db

POST = "\n".join(
    [
        "The mayor opened the new tram line this morning.",
        "",
        "Crowds lined the route as the first tram left the depot.",
        "Service starts at six tomorrow. Thanks for your patience!",
        "— City Transit (@CityTransit) November 21, 2026",
        "",
        "Officials said the line would carry 40,000 people a day.",
    ]
)


def _import(**overrides: object) -> Article:
    record = {
        "url": "https://news.example/tram",
        "title": "Tram line opens",
        "text": POST,
        "published": (timezone.now() - timedelta(minutes=38)).isoformat(),
        "source": "Example News",
        "authors": ["Ana Ruiz"],
    } | overrides
    import json

    report = import_articles([json.dumps(record)])
    return Article.objects.get(id=report.ids[0])


def test_home_lists_newest_with_outlet_and_relative_time(client: Client) -> None:
    _import()
    html = client.get("/").content.decode()
    assert "Tram line opens" in html and "Example News" in html and "38 minutes ago" in html


def test_home_pages_by_keyset(client: Client) -> None:
    for i in range(45):
        _import(
            url=f"https://news.example/{i}",
            title=f"Story {i}",
            text=f"Report number {i} of the council's {i * 7} budget hearings. " * 3,
            published=(timezone.now() - timedelta(hours=i)).isoformat(),
        )
    first = client.get("/latest/").content.decode()
    assert "Story 0" in first and "Story 44" not in first and "Older articles" in first
    cursor = first.split('href="?before=')[1].split('"')[0]
    second = client.get(f"/latest/?before={cursor}").content.decode()
    assert "Story 44" in second and "Story 0<" not in second
    assert client.get("/latest/?before=garbage").status_code == 200


def test_article_page_shows_text_author_time_and_embed_card(client: Client) -> None:
    article = _import()
    page = client.get(f"/articles/{article.id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ana Ruiz" in html and "38 minutes ago" in html and "UTC" in html
    assert "@CityTransit" in html and 'class="embed embed-x"' in html
    assert "carry 40,000 people" in html


def test_missing_article_is_404(client: Client) -> None:
    assert client.get("/articles/999/").status_code == 404


def test_feeds_page_shows_diagnosis_and_exports_opml(client: Client) -> None:
    feed_id, _ = feeds.add_feed(
        "https://feeds.example/rss.xml", title="Example feed", category=("News",)
    )
    feeds.disable_feed(feed_id, "Gone for good (HTTP 410).")
    html = client.get("/feeds/").content.decode()
    assert "Example feed" in html and "Gone for good" in html and "Subscribe" not in html
    opml = client.get("/feeds/export.opml")
    assert opml.status_code == 200 and b"https://feeds.example/rss.xml" in opml.content


def test_only_staff_can_change_feeds_and_forms_need_csrf() -> None:
    anonymous = Client()
    assert anonymous.post("/feeds/add", {"url": "https://x.example/"}).status_code == 302
    User.objects.create_user("ed", password="pw", is_staff=True)
    staff = Client(enforce_csrf_checks=True)
    staff.login(username="ed", password="pw")
    assert (
        staff.post("/feeds/add", {"url": "https://x.example/"}).status_code == 403
    )  # no CSRF token
    assert "Subscribe" in staff.get("/feeds/").content.decode()


def test_pages_have_an_icon_and_favicon_ico_leads_to_it(client: Client) -> None:
    page = client.get("/latest/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith("web/favicon.svg")
