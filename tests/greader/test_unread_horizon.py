"""Unread has a horizon (``BROADSHEET_UNREAD_DAYS``): older articles count as read in the
sidebar, /unread/, Google Reader and Fever, still open as read in their feed; a reader's counts
are kept, and their own marks show at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet import config, pipeline, reading
from broadsheet.errors import ConfigError
from broadsheet.storage.models import Article
from tests.greader.conftest import Reader

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"


def _article(feed_id: int, key: str, days: float) -> int:
    return Article.objects.create(
        origin=f"feed:{feed_id}",
        key_hash=key,
        item_key=key,
        key_kind="guid",
        feed_id=feed_id,
        url=f"https://tech.example/{key}",
        title=key,
        html=f"<p>{key}</p>",
        published_at=timezone.now() - timedelta(days=days),
    ).id


def _unread_listing(user_id: int) -> list[int]:
    ids: list[int] = []
    after = None
    while True:
        page = reading.feed_listing(user_id, after=after)
        ids += [i.id for i in page.items]
        if page.next_cursor is None:
            return ids
        after = page.next_cursor


def _views(reader: Reader, user_id: int) -> dict[str, object]:
    counts = {c["id"]: c["count"] for c in reader.json("unread-count")["unreadcounts"]}
    refs = reader.json("stream/items/ids", s=READING, xt=READ, n=10_000)["itemRefs"]
    feeds = sum(n for k, n in counts.items() if k.startswith("feed/http"))
    return {
        "greader": counts.get(READING, 0),
        "greader ids": {int(r["id"]) for r in refs},
        "greader feeds": feeds,
        "sidebar": reading.sidebar(user_id).unread,
        "unread page": set(_unread_listing(user_id)),
        "fever": set(reading.fever_unread_ids(user_id)),
    }


def _agree(reader: Reader, user_id: int, hidden: frozenset[int] = frozenset()) -> set[int]:
    views = _views(reader, user_id)
    ids = views["greader ids"]
    assert isinstance(ids, set)
    assert views["fever"] == ids
    unread_page = views["unread page"]  # the web view leaves out what rules hide as it shows
    assert isinstance(unread_page, set) and unread_page - hidden == ids
    assert views["greader"] == len(ids)
    # The sidebar lists feeds, not outlets, and leaves out what rules hide, as the apps do.
    assert views["sidebar"] == views["greader feeds"]
    return ids


def test_an_old_unread_article_is_not_unread_and_opens_as_read(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    alice = User.objects.get(username="alice").id
    tech = stocked["tech_feed"][0]
    before = _agree(reader, alice)
    old, recent = _article(tech, "old", 40), _article(tech, "recent", 29)
    unread = _agree(reader, alice)
    assert unread == before | {recent}  # the 40-day-old one is past the 30 days
    assert old not in unread
    page = reading.feed_listing(alice, feed_id=tech)  # the feed still lists it, read
    shown = {i.id: i.read for i in page.items}
    assert shown[old] is True and shown[recent] is False
    item = reader.json("stream/contents", s="feed/https://tech.example/feed.xml", n=50)["items"]
    states = {i["title"]: READ in i["categories"] for i in item}
    assert states["old"] and not states["recent"]


def test_the_horizon_is_a_setting(
    reader: Reader, stocked: dict[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = User.objects.get(username="alice").id
    monkeypatch.setenv("BROADSHEET_UNREAD_DAYS", "1")
    config.reset()
    try:
        unread = _agree(reader, alice)  # the imported articles (2-3 days old) are out
        assert unread == set(stocked["tech"]) | set(stocked["misc"])
    finally:
        monkeypatch.delenv("BROADSHEET_UNREAD_DAYS")
        config.reset()
    with pytest.raises(ConfigError, match="BROADSHEET_UNREAD_DAYS"):
        config.load({"BROADSHEET_UNREAD_DAYS": "0"})


def test_kept_counts_show_the_readers_own_marks_at_once(
    reader: Reader, stocked: dict[str, list[int]], django_assert_max_num_queries: object
) -> None:
    alice = User.objects.get(username="alice").id
    first = reading.sidebar(alice).unread
    assert first == 4 + 3
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        assert reading.sidebar(alice).unread == first  # kept: the newest id is all it reads
    reading.mark_read(alice, [stocked["tech"][0]])
    assert reading.sidebar(alice).unread == first - 1
    reader.post("edit-tag", {"i": [str(stocked["misc"][0])], "a": READ})
    assert reading.sidebar(alice).unread == first - 2
    assert _agree(reader, alice)
    reading.mark_read(alice, [stocked["misc"][0]], read=False)
    assert reading.sidebar(alice).unread == first - 1
    reading.mark_stream_read(alice, reading.Stream("feed", feed_id=stocked["misc_feed"][0]))
    assert reading.sidebar(alice).unread == first - 1 - 3
    _article(stocked["tech_feed"][0], "arrived", 0)  # a new article: a new newest id
    assert reading.sidebar(alice).unread == first - 1 - 3 + 1
    assert _agree(reader, alice)


def test_a_rule_hiding_an_old_article_does_not_lower_the_counts(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    alice = User.objects.get(username="alice").id
    tech = stocked["tech_feed"][0]
    before = _agree(reader, alice)
    _article(tech, "blocked-old", 40)  # hidden by the rule, and read by the horizon anyway
    blocked = _article(tech, "blocked-new", 1)
    pipeline.add_filter_rule(alice, "block", "keyword", "title", "blocked")
    # Neither is counted, and the old one is not subtracted from the feed's count either.
    assert _agree(reader, alice, frozenset({blocked})) == before
    counts = {c["id"]: c["count"] for c in reader.json("unread-count")["unreadcounts"]}
    assert counts["feed/https://tech.example/feed.xml"] == len(stocked["tech"])
