"""Counts agree with streams: every article of the reading list sits in a listed stream."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from broadsheet.pipeline import add_filter_rule
from broadsheet.reading import mute_source
from broadsheet.storage.models import Article, Source
from tests.greader.conftest import Reader

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"


def _unread_ids(reader: Reader, stream: str) -> set[str]:
    body = reader.json("stream/items/ids", s=stream, xt=READ, n=10_000)
    assert "continuation" not in body
    return {ref["id"] for ref in body["itemRefs"]}


def _check_agreement(reader: Reader) -> dict[str, int]:
    counts = {c["id"]: c["count"] for c in reader.json("unread-count")["unreadcounts"]}
    subs = [s["id"] for s in reader.json("subscription/list")["subscriptions"]]
    everything = _unread_ids(reader, READING)
    assert counts.get(READING, 0) == len(everything)
    assert reader.json("unread-count")["max"] == len(everything)
    per_stream = {sub: _unread_ids(reader, sub) for sub in subs}
    for sub, unread in per_stream.items():
        assert counts.get(sub, 0) == len(unread), sub
    union = set().union(*per_stream.values())
    assert union == everything  # no unread article outside a listed subscription
    assert sum(len(u) for u in per_stream.values()) == len(everything)  # none in two
    assert counts["user/-/label/Tech"] == len(per_stream["feed/https://tech.example/feed.xml"])
    return counts


def test_unread_count_agrees_with_every_stream(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    counts = _check_agreement(reader)
    assert counts[READING] == 4 + 3 + 2 + 1
    reader.post(
        "edit-tag", {"i": [str(stocked["imported"][0]), str(stocked["tech"][1])], "a": READ}
    )
    reader.post("mark-all-as-read", {"s": "feed/https://misc.example/feed.xml"})
    assert _check_agreement(reader)[READING] == 3 + 1 + 1
    alice = User.objects.get(username="alice").id
    add_filter_rule(alice, "block", "keyword", "title", "tech story 2, Imported 1")
    assert _check_agreement(reader)[READING] == 3 + 1 + 1 - 2  # the rule's two unread are out


def test_articles_of_no_feed_are_listed_under_their_outlet(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    subs = {s["id"]: s for s in reader.json("subscription/list")["subscriptions"]}
    outlets = {k: v for k, v in subs.items() if k.startswith("feed/broadsheet:outlet/")}
    assert sorted(s["title"] for s in outlets.values()) == ["Imported articles", "Paper"]
    paper = next(k for k, v in outlets.items() if v["title"] == "Paper")
    assert subs[paper]["htmlUrl"] == "https://paper.example/"
    items = reader.json("stream/contents", s=paper, n=50)["items"]
    assert [i["title"] for i in items] == ["Imported 0", "Imported 1"]
    assert {i["origin"]["streamId"] for i in items} == {paper}
    assert {i["origin"]["title"] for i in items} == {"Paper"}
    everything = reader.json("stream/contents", s=READING, n=50)["items"]
    assert all(i["origin"]["streamId"] in subs for i in everything)  # every origin is listed
    assert all(i["origin"]["title"] for i in everything)
    reader.post("mark-all-as-read", {"s": paper})
    assert paper not in {c["id"] for c in reader.json("unread-count")["unreadcounts"]}


def test_an_outlet_stream_cannot_be_renamed_or_unsubscribed(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    subs = reader.json("subscription/list")["subscriptions"]
    outlet = next(s["id"] for s in subs if s["title"] == "Paper")
    token = reader.get("/reader/api/0/token").content.decode()
    response = reader.client.post(
        "/reader/api/0/subscription/edit",
        {"ac": "unsubscribe", "s": outlet, "T": token},
        headers=reader.headers,
    )
    assert response.status_code == 400 and "mute the outlet" in response.json()["error"]
    bad = reader.get("/reader/api/0/stream/contents", 400, s="feed/broadsheet:outlet/x")
    assert "outlet stream" in bad.json()["error"]


def test_counts_and_streams_agree_with_a_muted_outlet(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    outlet = Source.objects.create(domain="wire.example", name="Wire")
    Article.objects.filter(id__in=stocked["tech"][:2]).update(source=outlet)
    mute_source(User.objects.get(username="alice").id, outlet.id)
    counts = _check_agreement(reader)
    assert counts["feed/https://tech.example/feed.xml"] == 2  # the muted outlet's two are out
