"""Real publisher feeds: the two known-broken ones are recovered and say where they broke."""

from __future__ import annotations

import json

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import ParsedFeed, parse_feed
from tests.support.shared import FIXTURES, require

DIR = FIXTURES / "feeds" / "publishers"


def _parse(name: str, url: str = "https://example.com/rss") -> ParsedFeed:
    return parse_feed(require(DIR / name).read_bytes(), url)


@pytest.mark.parametrize(("name", "line"), [("elpais.rss.xml", 878), ("europapress.rss.xml", 26)])
def test_known_broken_feeds_are_recovered_with_the_line(name: str, line: int) -> None:
    feed = _parse(name)
    assert len(feed.items) >= 10
    assert feed.damage is not None
    assert f"line {line}" in feed.damage
    assert "items recovered" in feed.damage


def test_europapress_damage_names_the_undefined_entity() -> None:
    assert "undefined entity" in (_parse("europapress.rss.xml").damage or "")


def test_slashdot_backslash_is_refused_with_its_root_element() -> None:
    with pytest.raises(
        FeedParseError, match=r"not RSS, Atom or JSON Feed: root element <backslash>"
    ):
        _parse("slashdot.backslash.xml")


def _sources() -> list[dict[str, object]]:
    path = DIR / "SOURCES.json"
    if not path.exists():
        return []
    return [
        e for e in json.loads(path.read_text("utf-8")) if not str(e["file"]).startswith("slashdot")
    ]


@pytest.mark.parametrize("source", _sources(), ids=lambda s: str(s["file"]))
def test_title_and_item_count_match_sources_json(source: dict[str, object]) -> None:
    feed = _parse(str(source["file"]))
    if source["file"] == "elconfidencial.atom.xml":
        # SOURCES.json recorded the first entry's title here; the feed's <title> is "España".
        assert feed.title == "España"
    else:
        assert feed.title == " ".join(str(source["channel_title"]).split())
    count = source["items"]
    assert isinstance(count, int)
    # A feed may repeat an item (ae2-bbc, libertaddigital); duplicates collapse to one.
    assert 0 < len(feed.items) <= count
    assert len(feed.items) >= count - 3


def test_bbc_world_2017_fields() -> None:
    feed = _parse("bbc-world-2017.rss.xml", "http://feeds.bbci.co.uk/news/world/rss.xml")
    assert feed.title == "BBC News - World"
    assert feed.language == "en-gb"
    assert feed.ttl_minutes == 15
    first = feed.items[0]
    assert first.title == "Rigopiano avalanche: Eight found alive in Italy hotel after two days"
    assert first.url == "http://www.bbc.co.uk/news/world-europe-38691103"
    assert first.image == "http://c.files.bbci.co.uk/78D0/production/_93682903_hi037382118.jpg"
    assert (
        first.published is not None and first.published.isoformat() == "2017-01-20T12:55:28+00:00"
    )
    assert first.published_raw == "Fri, 20 Jan 2017 12:55:28 GMT"


def test_duplicated_items_in_a_publisher_feed_collapse() -> None:
    feed = _parse("libertaddigital.rss.xml")
    raw = (DIR / "libertaddigital.rss.xml").read_bytes().count(b"<item>")
    assert len(feed.items) < raw
    assert len({item.key for item in feed.items}) == len(feed.items)
