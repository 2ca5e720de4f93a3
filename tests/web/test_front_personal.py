"""The front page as a reader sees it: recent breadth first, raised by interests, mutes respected."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.reading import front_page
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.stories.queries import article_story

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

BRIDGE = (
    "Engineers closed the Harbour Bridge in Port Elling on Monday after inspectors found "
    "cracks in two steel girders, the city council said. Mayor Ingrid Solberg said the "
    "bridge would stay shut for at least three weeks while Norcastle Engineering repairs "
    "the girders. Commuters face detours of up to forty minutes, and ferries will run "
    "every fifteen minutes until the Harbour Bridge reopens."
)
DERBY = (
    "Velmont Rovers beat Castleford Athletic 3-1 in the league derby on Sunday, with "
    "striker Tomas Okafor scoring twice in the second half. Rovers manager Lena Marsh "
    "praised the crowd at Velmont Park. Castleford Athletic stay fourth in the table, "
    "two points behind Velmont Rovers, with eight matches left in the season."
)


def _publish(title: str, text: str, outlet: str, hours_ago: float) -> int:
    rec = {
        "url": f"https://{outlet.split()[0].lower()}.example/{abs(hash(title))}",
        "title": title,
        "text": text,
        "source": outlet,
        "published": (timezone.now() - timedelta(hours=hours_ago)).isoformat(),
    }
    return import_articles([json.dumps(rec)]).ids[0]


@pytest.fixture
def two_stories() -> dict[str, list[int]]:
    bridge = [
        _publish(f"Harbour Bridge shut for repairs ({o})", BRIDGE, o, 2)
        for o in ("Port Gazette", "Coast Radio", "Evening Ledger")
    ]
    derby = [
        _publish(f"Rovers win the derby ({o})", DERBY, o, 1)
        for o in ("Sports Desk", "Velmont Times")
    ]
    return {"bridge": bridge, "derby": derby}


def _story(ids: list[int]) -> int:
    found = {article_story(i).id for i in ids}  # type: ignore[union-attr]
    assert len(found) == 1, "each event is one story"
    return found.pop()


def test_anonymous_readers_see_the_wider_story_first(
    two_stories: dict[str, list[int]], client: Client
) -> None:
    bridge, derby = _story(two_stories["bridge"]), _story(two_stories["derby"])
    assert [c.id for c in front_page(10)][:2] == [bridge, derby]
    page = client.get("/").content.decode()
    assert page.index("Harbour Bridge shut") < page.index("Rovers win the derby")
    assert "raised by the people and topics you read" not in page


def test_a_reader_of_football_gets_the_derby_first(
    two_stories: dict[str, list[int]], client: Client
) -> None:
    bridge, derby = _story(two_stories["bridge"]), _story(two_stories["derby"])
    user = User.objects.create_user("fan", "fan@example.org", "pw")
    reader.save(user.id, two_stories["derby"][0])
    wants = reader.interests(user.id)
    assert wants and max(wants.values()) == 1.0
    assert [c.id for c in front_page(10, interests=wants)][:2] == [derby, bridge]
    client.login(username="fan", password="pw")
    page = client.get("/").content.decode()
    assert page.index("Rovers win the derby") < page.index("Harbour Bridge shut")
    assert "raised by the people and topics you read" in page


def test_muting_every_outlet_of_a_story_takes_it_off_that_readers_front_page(
    two_stories: dict[str, list[int]], client: Client
) -> None:
    from broadsheet.storage.models import Article

    user = User.objects.create_user("ana", "ana@example.org", "pw")
    for source_id in Article.objects.filter(id__in=two_stories["derby"]).values_list(
        "source_id", flat=True
    ):
        reader.mute_source(user.id, source_id)
    client.login(username="ana", password="pw")
    page = client.get("/").content.decode()
    assert "Harbour Bridge shut" in page and "Rovers win the derby" not in page
    client.logout()
    assert "Rovers win the derby" in client.get("/").content.decode()


def test_stories_past_the_window_follow_newest_first(client: Client) -> None:
    old = _publish("Harbour Bridge opened a century ago", BRIDGE, "Port Gazette", 24 * 30)
    new = _publish("Rovers win the derby (Sports Desk)", DERBY, "Sports Desk", 1)
    ids = [c.id for c in front_page(10)]
    assert ids == [article_story(new).id, article_story(old).id]  # type: ignore[union-attr]
