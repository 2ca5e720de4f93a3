"""``?feeds=mine``: the front page, latest, search and alerts limited to the reader's own feeds.

Three of the instance's feeds carry one story each; Ines hid two of them, so she follows one.
With "My feeds" she sees that feed's story, article, search hit and alert match only; with the
default (and after switching back) she sees all three. Her choice is remembered in her session;
Bruno (who follows all three) and anonymous visitors are not affected and anonymous visitors
never see the switch.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet import reading
from broadsheet.pipeline import import_articles
from broadsheet.search import check_alerts
from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader import subscriptions

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

# Three unrelated events, each written for these tests; all three name the town of Quillon,
# so one search or one alert matches every article.
TEXTS = {
    "ferry": (
        "Ferry Strike Halts Crossings",
        "Ferry crews in Quillon walked out on Tuesday over night-shift pay, stopping every "
        "crossing to the islands. The operator Brightwater Lines said talks with the union "
        "would resume on Thursday. Islanders queued for the single emergency boat.",
    ),
    "orchard": (
        "Orchard Frost Ruins Apple Harvest",
        "A late frost near Quillon destroyed most of the apple blossom in the valley, growers "
        "said on Wednesday. Farmer Odile Marchetti expects a third of a normal harvest and asked "
        "the regional council for emergency grants before the autumn.",
    ),
    "chess": (
        "Teenager Wins National Chess Title",
        "Fifteen-year-old Priya Halvorsen from Quillon won the national chess championship on "
        "Sunday after a tense final game against the defending champion. She plans to play "
        "her first international tournament in the spring.",
    ),
}


def _publish(key: str, hours_ago: float, follow_up: str = "") -> int:
    title, text = TEXTS[key]
    rec = {
        "url": f"https://{key}.example/story{'-' if follow_up else ''}{len(follow_up)}",
        "title": title,
        "text": f"{text} {follow_up}".strip(),
        "source": f"{key.title()} Weekly",
        "published": (timezone.now() - timedelta(hours=hours_ago)).isoformat(),
    }
    return import_articles([json.dumps(rec)]).ids[0]


@pytest.fixture
def world() -> dict[str, int]:
    """Three instance feeds with one article each; ids by key (and ``feed_<key>``)."""
    out: dict[str, int] = {}
    for n, key in enumerate(TEXTS):
        feed = Feed.objects.create(url=f"https://{key}.example/feed.xml", title=f"{key} feed")
        article = _publish(key, 1 + n)
        Article.objects.filter(id=article).update(feed=feed)
        out[key], out[f"feed_{key}"] = article, feed.id
    return out


def _client(name: str) -> tuple[Client, int]:
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-pass-phrase")
    client = Client()
    client.force_login(user)
    return client, user.id


@pytest.fixture
def ines(world: dict[str, int]) -> tuple[Client, int]:
    """A reader who follows only the ferry feed (she hid the other two)."""
    client, uid = _client("ines")
    subscriptions.unfollow(uid, world["feed_orchard"])
    subscriptions.unfollow(uid, world["feed_chess"])
    return client, uid


def _titles(page: str) -> set[str]:
    return {key for key, (title, _) in TEXTS.items() if title in page}


def test_my_feeds_limits_the_front_page_latest_and_search(
    world: dict[str, int], ines: tuple[Client, int]
) -> None:
    client, _ = ines
    for path in ("/", "/latest/", "/search/?q=Quillon"):
        everything = client.get(path).content.decode()
        assert _titles(everything) == {"ferry", "orchard", "chess"}, path
        mine = client.get(path + ("&" if "?" in path else "?") + "feeds=mine").content.decode()
        assert _titles(mine) == {"ferry"}, path
        assert '<strong aria-current="true">My feeds</strong>' in mine
        assert client.get(path + ("&" if "?" in path else "?") + "feeds=all").status_code == 200


def test_the_choice_is_remembered_and_kept_by_links(
    world: dict[str, int], ines: tuple[Client, int]
) -> None:
    client, _ = ines
    client.get("/latest/?feeds=mine")
    page = client.get("/latest/").content.decode()  # no parameter: the session's choice
    assert _titles(page) == {"ferry"}
    assert "/syndication/latest.rss?feeds=mine" in page  # the page's RSS link keeps the scope
    assert _titles(client.get("/").content.decode()) == {"ferry"}
    search = client.get("/search/?q=Quillon").content.decode()
    assert _titles(search) == {"ferry"}
    assert 'name="feeds" value="mine"' in search  # the next search keeps it too
    client.get("/?feeds=all")
    assert _titles(client.get("/latest/").content.decode()) == {"ferry", "orchard", "chess"}


def test_other_readers_and_anonymous_visitors_are_unaffected(
    world: dict[str, int], ines: tuple[Client, int]
) -> None:
    client, _ = ines
    client.get("/?feeds=mine")
    bruno, _ = _client("bruno")
    assert _titles(bruno.get("/latest/").content.decode()) == {"ferry", "orchard", "chess"}
    assert _titles(bruno.get("/latest/?feeds=mine").content.decode()) == {
        "ferry",
        "orchard",
        "chess",
    }  # he follows every instance feed
    anonymous = Client()
    for path in ("/", "/latest/?feeds=mine", "/search/?q=Quillon&feeds=mine"):
        page = anonymous.get(path).content.decode()
        assert _titles(page) == {"ferry", "orchard", "chess"}, path
        assert "My feeds" not in page, path


def test_unread_lists_only_followed_feeds(world: dict[str, int], ines: tuple[Client, int]) -> None:
    client, _ = ines
    assert _titles(client.get("/unread/").content.decode()) == {"ferry"}


def test_alerts_page_and_feed_follow_the_scope(
    world: dict[str, int], ines: tuple[Client, int]
) -> None:
    client, uid = ines
    client.post("/alerts/", {"name": "Town", "rule": "Quillon", "delivery": "none"})
    (alert,) = reading.user_alerts(uid)
    assert alert.matches == 3 and not alert.my_feeds
    assert _titles(client.get(f"/alerts/{alert.id}/?feeds=all").content.decode()) == set(TEXTS)
    page = client.get(f"/alerts/{alert.id}/?feeds=mine").content.decode()
    assert _titles(page) == {"ferry"}
    assert "· 1 matches" in client.get("/alerts/").content.decode()  # remembered: mine
    token = reading.create_token(uid, "feeds")
    rss = client.get(f"/syndication/alerts/{alert.id}.rss?token={token}&feeds=mine")
    assert _titles(rss.content.decode()) == {"ferry"}
    rss = client.get(f"/syndication/alerts/{alert.id}.rss?token={token}")
    assert _titles(rss.content.decode()) == set(TEXTS)


def test_an_alert_limited_to_my_feeds_matches_only_them(
    world: dict[str, int], ines: tuple[Client, int]
) -> None:
    client, uid = ines
    client.get("/alerts/?feeds=all")
    response = client.post(
        "/alerts/", {"name": "Mine", "rule": "Quillon", "delivery": "daily", "my_feeds": "1"}
    )
    assert response.status_code == 302
    (alert,) = reading.user_alerts(uid)
    assert alert.my_feeds and alert.matches == 1
    page = client.get(f"/alerts/{alert.id}/").content.decode()  # scope "all", alert: mine
    assert _titles(page) == {"ferry"}
    assert "only articles from your feeds" in page
    token = reading.create_token(uid, "feeds")
    rss = client.get(f"/syndication/alerts/{alert.id}.rss?token={token}")
    assert _titles(rss.content.decode()) == {"ferry"}
    # New articles (what mail digests carry): only the followed feed's becomes a match.
    more = "Reporters in Quillon will follow the story through the week."
    later = {key: _publish(key, 0.5, more) for key in ("ferry", "chess")}
    Article.objects.filter(id=later["ferry"]).update(feed_id=world["feed_ferry"])
    Article.objects.filter(id=later["chess"]).update(feed_id=world["feed_chess"])
    check_alerts(list(later.values()))
    ids = {m.article_id for m in reading.alert_matches(uid, alert.id)}
    assert later["ferry"] in ids and later["chess"] not in ids


def test_my_feeds_rss_needs_the_readers_token(
    world: dict[str, int], ines: tuple[Client, int]
) -> None:
    _, uid = ines
    assert Client().get("/syndication/latest.rss?feeds=mine").status_code == 401
    token = reading.create_token(uid, "feeds")
    rss = Client().get(f"/syndication/latest.rss?feeds=mine&token={token}").content.decode()
    assert _titles(rss) == {"ferry"}
    found = Client().get(f"/syndication/search.rss?q=Quillon&feeds=mine&token={token}")
    assert _titles(found.content.decode()) == {"ferry"}
    assert _titles(Client().get("/syndication/latest.rss").content.decode()) == set(TEXTS)


def test_a_reader_of_many_feeds_gets_the_same_list(
    world: dict[str, int], ines: tuple[Client, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``FEW_FEEDS`` followed feeds, latest walks the newest-first index instead; past
    ``DRIVE`` articles in them, search tests each match instead of starting from their ids."""
    from broadsheet.storage import articles
    from broadsheet.storage.search import queries

    client, uid = ines
    few = [a.id for a in reading.newest_articles(10, feeds_of=uid)]
    monkeypatch.setattr(articles, "FEW_FEEDS", 0)
    assert [a.id for a in reading.newest_articles(10, feeds_of=uid)] == few == [world["ferry"]]
    assert _titles(client.get("/latest/?feeds=mine").content.decode()) == {"ferry"}
    monkeypatch.setattr(queries, "DRIVE", 0)
    assert _titles(client.get("/search/?q=Quillon&feeds=mine").content.decode()) == {"ferry"}
