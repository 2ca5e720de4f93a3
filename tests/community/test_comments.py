"""Comments and alerts in storage: limits, filter decisions, ownership, moderation, rules."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.errors import AlertRuleError
from broadsheet.pipeline import import_articles
from broadsheet.search import check_alerts, create_alert, index, preview_rule
from broadsheet.storage.community import queries as q
from broadsheet.storage.community.errors import (
    CommentNotFoundError,
    EmptyCommentError,
    NotYourCommentError,
    RateLimitedError,
    RejectedCommentError,
)
from broadsheet.storage.community.models import BlockedTerm, Decision

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _article(title: str = "Tram line opens", source: str = "Example News", days: int = 0) -> int:
    rec = {
        "url": f"https://{source.split()[0].lower()}.example/{abs(hash(title))}",
        "title": title,
        "text": f"{title}. More words here.",
        "source": source,
        "published": (timezone.now() - timedelta(days=days, hours=1)).isoformat(),
    }
    ids = import_articles([json.dumps(rec)]).ids
    index(ids)
    return ids[0]


@pytest.fixture
def ana() -> User:
    return User.objects.create_user("ana", password="pw")


def test_add_list_edit_delete(ana: User) -> None:
    a = _article()
    c = q.add_comment(ana.id, "Nice https://x.example", article_id=a)
    assert c.status == "visible" and 'href="https://x.example"' in c.html
    assert [x.id for x in q.comments_for(article_id=a)] == [c.id]
    q.edit_comment(c.id, ana.id, "Edited text")
    got = q.comments_for(article_id=a)[0]
    assert got.text == "Edited text" and got.edited_at is not None
    bob = User.objects.create_user("bob", password="pw")
    with pytest.raises(NotYourCommentError):
        q.edit_comment(c.id, bob.id, "mine now")
    with pytest.raises(NotYourCommentError):
        q.delete_comment(c.id, bob.id)
    q.delete_comment(c.id, ana.id)
    assert q.comments_for(article_id=a) == []
    with pytest.raises(CommentNotFoundError):
        q.get_comment(c.id)


def test_story_comments_and_empty_text(ana: User) -> None:
    q.add_comment(ana.id, "On the story", story_id=7)
    assert len(q.comments_for(story_id=7)) == 1
    with pytest.raises(EmptyCommentError, match="Write something"):
        q.add_comment(ana.id, "   ", story_id=7)


def test_rate_limit(ana: User) -> None:
    a = _article()
    for i in range(q.RATE_COUNT):
        q.add_comment(ana.id, f"comment number {i}", article_id=a)
    with pytest.raises(RateLimitedError, match="please wait"):
        q.add_comment(ana.id, "one more", article_id=a)


def test_filter_decisions_are_logged_and_held_go_to_the_queue(ana: User) -> None:
    a = _article()
    BlockedTerm.objects.create(term="casino")
    with pytest.raises(RejectedCommentError, match="blocked term"):
        q.add_comment(ana.id, "best casino here", article_id=a)
    q.add_comment(ana.id, "same text", article_id=a)
    with pytest.raises(RejectedCommentError, match="same text"):
        q.add_comment(ana.id, "Same text!", article_id=a)
    held = q.add_comment(
        ana.id, "a http://1.example b http://2.example c http://3.example", article_id=a
    )
    assert held.status == "held"
    assert [c.id for c in q.comments_for(article_id=a)] != [held.id]
    assert held.id in [c.id for c in q.comments_for(article_id=a, viewer_id=ana.id)]
    queue = q.moderation_queue()
    assert [c.id for c in queue] == [held.id] and "3 links" in queue[0].reasons[0]
    actions = list(Decision.objects.values_list("action", flat=True))
    assert actions.count("reject") == 2 and "hold" in actions and "allow" in actions
    staff = User.objects.create_user("mod", password="pw", is_staff=True)
    q.moderate(held.id, staff.id, approve=True)
    assert held.id in [c.id for c in q.comments_for(article_id=a)] and q.moderation_queue() == []


def test_alert_rules_preview_and_matches(ana: User) -> None:
    tram = _article("Tram strike today", "Example News")
    other = _article("Tram fares rise", "Other Paper")
    _article("Old tram story", "Example News", days=40)
    matches, total = preview_rule("tram and not source = Other Paper")
    assert total == 1 and [m.article_id for m in matches] == [tram]
    assert preview_rule("source = other paper")[1] == 1
    with pytest.raises(AlertRuleError, match="Unknown field"):
        preview_rule("colour = red")
    with pytest.raises(AlertRuleError, match="without 'not'"):
        preview_rule("not tram")
    alert = create_alert(ana.id, "Trams", "tram")
    assert alert.matches == 2
    assert {m.article_id for m in q.alert_matches(alert.id, 10)} == {tram, other}
    new = _article("Tram depot expands", "Example News")
    check_alerts([new])  # the index step does this for new articles
    assert q.alert_matches(alert.id, 10)[0].article_id == new
    assert [a.name for a in q.user_alerts(ana.id)] == ["Trams"]
