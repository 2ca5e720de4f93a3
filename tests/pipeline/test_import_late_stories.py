"""An article older than the story engine's window that arrives late (a slow feed, a backfill)
is placed in the story of its own time, not in a story of its own; one of an event nobody else
covered still starts its own story."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from broadsheet.pipeline import _cluster
from broadsheet.pipeline._import import to_imported
from broadsheet.storage import articles
from broadsheet.storage.stories.assign import memberships_between
from broadsheet.storage.stories.models import Membership
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

OLD = datetime(2019, 3, 4, 9, 0, tzinfo=UTC)  # when the old event was news
NOW = OLD + timedelta(days=90)  # the engine's present: far past the window (7 days)


def _events() -> list[list[dict[str, Any]]]:
    """The BASIL events (three outlets' articles of one event each), in file order."""
    path = require(FIXTURES / "stories" / "basil_triplets.jsonl")
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        grouped[row["story_id"]].append(row)
    return [rows for rows in grouped.values() if len(rows) == 3]


def _store(row: dict[str, Any], when: datetime, n: int) -> int:
    record = {
        "url": f"https://outlet{n}.example/{row['id']}",
        "title": row["title"],
        "text": row["text"],
        "source": row["source"],
        "published": when.isoformat(),
    }
    return articles.store_imported(to_imported(record))[0]


def _story(article_id: int) -> int:
    return Membership.objects.get(article_id=article_id).story_id


def test_a_late_article_joins_the_story_of_its_own_time() -> None:
    _cluster.forget()
    event, *others = _events()[:5]
    first = [_store(row, OLD + timedelta(hours=i), i) for i, row in enumerate(event[:2])]
    _cluster.run(first)
    assert _story(first[0]) == _story(first[1])  # the old event is one story
    recent = [_store(rows[0], NOW + timedelta(hours=i), 10 + i) for i, rows in enumerate(others)]
    _cluster.run(recent)  # the engine has moved on 90 days: the old story is out of its window
    late = _store(event[2], OLD + timedelta(hours=3), 2)
    assert _cluster.run([late]).new_stories == 0
    assert _story(late) == _story(first[0])
    assert {_story(i) for i in recent}.isdisjoint({_story(late)})


def test_a_late_article_of_an_uncovered_event_starts_its_own_story() -> None:
    _cluster.forget()
    old_event, lone_event, recent_event = _events()[5:8]
    old = [_store(row, OLD + timedelta(hours=i), i) for i, row in enumerate(old_event)]
    recent = [_store(row, NOW + timedelta(hours=i), 20 + i) for i, row in enumerate(recent_event)]
    _cluster.run(old)
    _cluster.run(recent)
    late = _store(lone_event[0], OLD + timedelta(hours=2), 30)
    assert _cluster.run([late]).new_stories == 1
    assert _story(late) not in {_story(i) for i in old + recent}


def test_memberships_between_keeps_the_middle_of_a_crowded_window() -> None:
    _cluster.forget()
    rows = _events()[8]
    ids = [_store(row, OLD + timedelta(days=d), d) for d, row in enumerate(rows)]
    _cluster.run(ids)
    window = (OLD - timedelta(hours=1), OLD + timedelta(days=2, hours=1))
    assert [r[0] for r in memberships_between(*window, limit=10)] == ids
    assert [r[0] for r in memberships_between(*window, limit=1)] == [ids[1]]
    assert memberships_between(OLD + timedelta(hours=1), OLD + timedelta(hours=2), 10) == []


def test_late_and_current_articles_in_one_batch_each_join_their_own_time() -> None:
    _cluster.forget()
    old_event, recent_event = _events()[9:11]
    old = [_store(row, OLD + timedelta(hours=i), i) for i, row in enumerate(old_event[:2])]
    recent = [_store(row, NOW + timedelta(hours=i), 40 + i) for i, row in enumerate(recent_event)]
    _cluster.run(old)
    _cluster.run(recent[:2])
    late = _store(old_event[2], OLD + timedelta(hours=5), 2)
    assert _cluster.run([recent[2], late]).new_stories == 0
    assert _story(late) == _story(old[0]) != _story(recent[2]) == _story(recent[0])
