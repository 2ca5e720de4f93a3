"""A reader's filter rules hold in the Google Reader API: streams, Atom, counts, paging."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet import reading
from broadsheet.pipeline import add_filter_rule
from broadsheet.reading import (
    Stream,
    StreamFilter,
    hidden_unread_counts,
    item_refs,
    mark_saved,
)
from broadsheet.reading import _rule_check as rule_check_module
from broadsheet.storage.reader import streams
from tests.greader.conftest import PASSWORD, Reader
from tests.greader.test_counts import READ, READING, _check_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
ATOM = "{http://www.w3.org/2005/Atom}"


def _alice() -> int:
    return int(User.objects.get(username="alice").id)


def _titles(reader: Reader, stream: str = READING, **params: object) -> list[str]:
    items = reader.json("stream/contents", s=stream, n=100, **params)["items"]
    return [i["title"] for i in items]


def _atom_titles(reader: Reader, stream: str) -> list[str]:
    feed = ET.fromstring(reader.get(f"/reader/atom/{stream}", n=100).content)
    return [e.findtext(f"{ATOM}title") or "" for e in feed.iter(f"{ATOM}entry")]


def _ids(reader: Reader, stream: str = READING) -> set[int]:
    refs = reader.json("stream/items/ids", s=stream, n=1000)["itemRefs"]
    return {int(r["id"]) for r in refs}


def test_a_block_rule_hides_an_article_from_every_surface(
    reader: Reader, stocked: dict[str, list[int]], client: Client
) -> None:
    before = _check_agreement(reader)[READING]
    add_filter_rule(_alice(), "block", "keyword", "title", "story 1")
    hidden = {stocked["tech"][1], stocked["misc"][1]}
    assert "tech story 1" not in _titles(reader) and "misc story 1" not in _titles(reader)
    assert "tech story 0" in _titles(reader)
    assert not hidden & _ids(reader)
    assert not hidden & _ids(reader, "feed/https://tech.example/feed.xml")
    assert "tech story 1" not in _atom_titles(reader, "feed/https://tech.example/feed.xml")
    assert "tech story 2" in _atom_titles(reader, "feed/https://tech.example/feed.xml")
    assert "misc story 1" not in _atom_titles(reader, READING)
    counts = _check_agreement(reader)
    assert counts[READING] == before - 2
    assert counts["feed/https://tech.example/feed.xml"] == 3
    items = reader.json("stream/contents", s=READING, xt=READ, n=100)["items"]
    assert len(items) == counts[READING]


def test_a_keep_rule_hides_every_other_article_and_counts_agree(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    add_filter_rule(_alice(), "keep", "keyword", "any", "tech")
    assert sorted(_titles(reader)) == [f"tech story {i}" for i in range(4)]
    counts = _check_agreement(reader)
    assert counts[READING] == 4
    assert "feed/https://misc.example/feed.xml" not in counts
    assert not any(c.startswith("feed/broadsheet:outlet/") for c in counts)
    assert _titles(reader, "feed/https://misc.example/feed.xml") == []


def test_continuation_pages_across_hidden_items_skip_and_repeat_nothing(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    add_filter_rule(_alice(), "block", "keyword", "title", "story 1, story 2")
    visible = _ids(reader)
    assert len(visible) == 10 - 4
    for order in ("n", "o"):
        seen: list[int] = []
        c = None
        for _ in range(20):
            params = {"s": READING, "n": 1, "r": order, **({"c": c} if c else {})}
            body = reader.json("stream/items/ids", **params)
            seen += [int(r["id"]) for r in body["itemRefs"]]
            assert len(body["itemRefs"]) <= 1
            c = body.get("continuation")
            if not c:
                break
        assert len(seen) == len(set(seen)) and set(seen) == visible, order


def test_a_saved_article_stays_and_a_second_reader_sees_everything(
    reader: Reader, stocked: dict[str, list[int]], client: Client
) -> None:
    add_filter_rule(_alice(), "block", "keyword", "title", "story 1")
    assert _check_agreement(reader)[READING] == 10 - 2
    mark_saved(_alice(), [stocked["tech"][1]])  # after the counts were checked and kept
    assert "tech story 1" in _titles(reader)
    assert "tech story 1" in _titles(reader, "user/-/state/com.google/starred")
    assert "misc story 1" not in _titles(reader)
    assert _check_agreement(reader)[READING] == 10 - 1
    User.objects.create_user("bob", "bob@example.org", PASSWORD)
    bob = Reader(client, "bob")
    assert {"tech story 1", "misc story 1"} <= set(_titles(bob))
    assert _check_agreement(bob)[READING] == 10


def test_a_spent_budget_shortens_pages_but_paging_still_reaches_every_item(
    reader: Reader, stocked: dict[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stored but not yet applied (no backfill ran): pages check the rules at read time.
    reading.add_filter_rule(_alice(), "block", "keyword", "title", "story 1")
    visible = _ids(reader)
    monkeypatch.setattr(rule_check_module, "BUDGET", 0.0)  # one candidate checked per page
    seen: list[int] = []
    body = reader.json("stream/items/ids", s=READING, n=5)
    for _ in range(30):
        assert len(body["itemRefs"]) <= 1
        seen += [int(r["id"]) for r in body["itemRefs"]]
        if "continuation" not in body:
            break
        body = reader.json("stream/items/ids", s=READING, n=5, c=body["continuation"])
    assert sorted(seen) == sorted(visible)


def test_a_reader_without_rules_pays_one_query(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    alice = _alice()
    with CaptureQueriesContext(connection) as counted:
        assert hidden_unread_counts(alice) == ({}, {})
    assert len(counted) == 1  # looking up their rules, and finding none
    for stream in (Stream("all"), Stream("feed", feed_id=stocked["tech_feed"][0])):
        with CaptureQueriesContext(connection) as plain:
            streams.item_refs(alice, stream, StreamFilter(), 5)
        # The rules (none), the newest article id that keys a kept page, then the page itself.
        with CaptureQueriesContext(connection) as ruled:
            first = item_refs(alice, stream, StreamFilter(), 5)
        assert len(ruled) == len(plain) + 2
        with CaptureQueriesContext(connection) as kept:
            assert item_refs(alice, stream, StreamFilter(), 5) == first
        assert len(kept) == 2  # the page is kept until an article arrives or they act
