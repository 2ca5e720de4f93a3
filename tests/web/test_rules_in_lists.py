"""Filter rules hold in every web article list, as on latest: a feed, a folder, unread, an
outlet, an entity, a hashtag and the saved articles. A hidden article leaves the list with a
note saying how many the rules hid; ``?hidden=1`` shows them again, each with its reason.
Another reader (no rules) and anonymous visitors see every article.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet import pipeline, reading
from broadsheet.pipeline import import_articles
from broadsheet.storage.intel.models import ArticleEntity, Entity
from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader import streams

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

FROST = "Orchard Frost Ruins Apple Harvest"
CHESS = "Teenager Wins National Chess Title"
TEXTS = {
    FROST: "A late frost near Quillon destroyed most of the apple blossom in the valley, growers "
    "said on Wednesday, and asked the regional council for emergency grants.",
    CHESS: "Fifteen-year-old Priya Halvorsen from Quillon won the national chess championship "
    "on Sunday after a tense final game against the defending champion.",
}


@pytest.fixture
def town() -> dict[str, int]:
    """One feed (an outlet, town.example) with two articles, both tagged and naming one entity."""
    feed = Feed.objects.create(url="https://town.example/feed.xml", title="Town feed")
    entity, _ = Entity.objects.get_or_create(name="Quillon Growers Union", kind="org")
    ids = {}
    for n, (title, text) in enumerate(TEXTS.items()):
        rec = {
            "url": f"https://town.example/{n}",
            "title": title,
            "text": text,
            "source": "Town Crier",
            "published": (timezone.now() - timedelta(hours=n + 1)).isoformat(),
        }
        article = import_articles([json.dumps(rec)]).ids[0]
        Article.objects.filter(id=article).update(feed=feed)
        ArticleEntity.objects.get_or_create(article_id=article, entity=entity)
        reading.add_tag(article, "quillon", None)
        ids[title] = article
    return {"feed": feed.id, "frost": ids[FROST], "chess": ids[CHESS]}


@pytest.fixture
def marta(town: dict[str, int]) -> tuple[Client, int]:
    """A reader with a rule blocking "frost" in titles, the feed in her folder "Town", both saved."""
    user = User.objects.create_user("marta", "marta@example.org", "a-long-pass-phrase")
    pipeline.add_filter_rule(user.id, "block", "keyword", "title", "frost")
    streams.label_feed(user.id, town["feed"], folder="Town")
    for key in ("frost", "chess"):
        reader.save(user.id, town[key])
    client = Client()
    client.force_login(user)
    return client, user.id


def _paths(town: dict[str, int]) -> list[str]:
    return [
        f"/feeds/{town['feed']}/",
        "/folders/Town/",
        "/unread/",
        "/sources/town.example/",
        "/entities/Quillon Growers Union/",
        "/tags/quillon/",
        "/saved/",
    ]


def test_rules_hide_in_every_list_and_show_on_request(
    town: dict[str, int], marta: tuple[Client, int]
) -> None:
    client, _ = marta
    for path in _paths(town):
        page = client.get(path).content.decode()
        assert CHESS in page, path
        assert FROST not in page, path
        assert "1 article hidden by your" in page, path
        shown = client.get(path + "?hidden=1").content.decode()
        assert CHESS in shown and FROST in shown, path
        assert "Hidden by your rule: block keyword “frost” in the title." in shown, path
        assert "Hide them again" in shown, path


def test_a_reader_without_rules_and_visitors_see_everything(
    town: dict[str, int], marta: tuple[Client, int]
) -> None:
    user = User.objects.create_user("olek", "olek@example.org", "a-long-pass-phrase")
    streams.label_feed(user.id, town["feed"], folder="Town")
    for key in ("frost", "chess"):
        reader.save(user.id, town[key])
    other = Client()
    other.force_login(user)
    for path in _paths(town):
        page = other.get(path).content.decode()
        assert CHESS in page and FROST in page, path
        assert "hidden by your" not in page, path
    for path in _paths(town)[3:6]:  # the pages visitors may open
        page = Client().get(path).content.decode()
        assert CHESS in page and FROST in page, path
