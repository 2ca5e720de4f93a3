"""Outgoing RSS 2.0 and Atom 1.0 feeds, checked by parsing them back with our own parser."""

from __future__ import annotations

import pytest
from django.test import Client

from broadsheet.parse import parse_feed
from broadsheet.search import check_alerts, create_alert
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.stories import queries as stories
from tests.api.conftest import Account, import_article

pytestmark = pytest.mark.django_db


def _parse(client: Client, url: str, fmt: str):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    expected = "application/rss+xml" if fmt == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)
    parsed = parse_feed(response.content, "http://testserver" + url, response["Content-Type"])
    assert parsed.format.startswith(fmt), parsed.format
    return parsed


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_latest_parses_back(api: Client, articles: list[int], fmt: str) -> None:
    parsed = _parse(api, f"/syndication/latest.{fmt}", fmt)
    assert parsed.title == "Broadsheet: latest articles"
    assert [i.title for i in parsed.items] == [f"Story {i}" for i in range(5)]
    first = parsed.items[0]
    assert first.url == "https://news.example/0" and first.published is not None
    assert first.key.endswith(f"/articles/{articles[0]}/")
    assert len(_parse(api, f"/syndication/latest.{fmt}?limit=2", fmt).items) == 2


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_search_feed(api: Client, articles: list[int], fmt: str) -> None:
    import_article(
        url="https://news.example/strike",
        title="Bus strike called off",
        text="The bus strike was called off late on Sunday.",
    )
    parsed = _parse(api, f"/syndication/search.{fmt}?q=strike", fmt)
    assert [i.title for i in parsed.items] == ["Bus strike called off"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_alert_feed_is_private_to_its_owner(api: Client, alice: Account, fmt: str) -> None:
    alert = create_alert(alice.id, "Strikes", "strike")
    import_article(
        url="https://news.example/strike",
        title="Strike at the depot",
        text="Drivers began a strike at the depot.",
    )
    check_alerts(list(range(1, 100)))
    url = f"/syndication/alerts/{alert.id}.{fmt}"
    assert api.get(url).status_code == 401
    parsed = _parse(api, f"{url}?token={alice.token}", fmt)
    assert parsed.title == "Alert: Strikes"
    assert [i.title for i in parsed.items] == ["Strike at the depot"]
    other = reader.create_token(
        __import__("tests.api.conftest", fromlist=["make_account"]).make_account("bob").id, "x"
    )
    assert api.get(f"{url}?token={other}").status_code == 404


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_story_hashtag_entity_feeds(api: Client, articles: list[int], fmt: str) -> None:
    card = stories.article_story(articles[0])
    if card is None:
        pytest.skip("the story engine put the test article in no story")
    parsed = _parse(api, f"/syndication/stories/{card.id}.{fmt}", fmt)
    assert parsed.title.startswith("Story: ") and parsed.items


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_intel_feeds(api: Client, articles: list[int], fmt: str) -> None:
    intel.add_tag(articles[0], "trams", None)
    parsed = _parse(api, f"/syndication/hashtags/trams.{fmt}", fmt)
    assert parsed.title == "#trams" and [i.title for i in parsed.items] == ["Story 0"]
    top = intel.top_entities(1)
    if top:
        name = getattr(top[0], "name", None) or getattr(top[0], "canonical", None) or str(top[0])
        assert api.get(f"/syndication/entities/{name}.{fmt}").status_code == 200


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/syndication/latest.json", 404),
        ("/syndication/latest.rss?limit=0", 400),
        ("/syndication/latest.rss?limit=lots", 400),
        ("/syndication/latest.rss?limit=100000", 400),
        ("/syndication/search.rss", 400),
        ("/syndication/search.atom?q=" + "x" * 600, 400),
        ("/syndication/stories/99999999999999999999.rss", 404),
        ("/syndication/alerts/1.rss?token=nope", 401),
    ],
)
def test_bad_feed_requests(api: Client, url: str, status: int) -> None:
    assert api.get(url).status_code == status
