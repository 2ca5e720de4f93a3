"""What the web pages and commands now take from the reading layer and the pipeline keeps its
promises: cards cut their lead in one place, alerts stay private, moderation and progress read
as frozen view models in flow order."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.pipeline import StepProgress, progress
from broadsheet.pipeline.flow import STEPS
from broadsheet.search import create_alert
from tests.web.test_reader_pages import _import

pytestmark = pytest.mark.django_db


def test_a_card_shows_the_first_240_characters_and_says_there_is_more(client: Client) -> None:
    long_text = "Tram drivers voted to strike over pay and rosters this week. " * 8
    long_id = _import(title="Long strike story", text=long_text)
    short_id = _import(title="Short note", text="Trams run late.", source="Other Paper")
    cards = {c.id: c for c in reading.newest_articles(10)}
    assert cards[long_id].lead == long_text[:240] and cards[long_id].more
    assert cards[short_id].lead == "Trams run late." and not cards[short_id].more
    assert cards[long_id].source is not None and cards[long_id].source.domain
    html = client.get("/latest/").content.decode()
    assert f"{long_text[:240]}…</p>" in html and "Trams run late.</p>" in html


def test_an_alert_is_read_and_deleted_by_its_owner_only() -> None:
    ana = User.objects.create_user("ana", "ana@example.org", "pw")
    bo = User.objects.create_user("bo", "bo@example.org", "pw")
    _import()
    made = create_alert(ana.id, "Trams", "tram")
    assert [a.id for a in reading.user_alerts(ana.id)] == [made.id]
    assert reading.alert_matches(ana.id, made.id)
    with pytest.raises(NotFoundError):
        reading.alert_matches(bo.id, made.id)
    reading.delete_alert(bo.id, made.id)  # not theirs: nothing happens
    assert reading.user_alerts(ana.id)
    reading.delete_alert(ana.id, made.id)
    assert reading.user_alerts(ana.id) == []


def test_moderation_decisions_are_frozen_views_newest_first() -> None:
    ana = User.objects.create_user("ana", "ana@example.org", "pw", is_staff=True)
    article = _import()
    reading.add_comment(ana.id, "A useful comment on the tram line.", article_id=article)
    decisions = reading.moderation_decisions(10)
    assert decisions and all(isinstance(d, reading.ModerationDecision) for d in decisions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decisions[0].action = "remove"  # type: ignore[misc]


def test_progress_lists_every_step_of_the_flow_in_order() -> None:
    rows = progress()
    assert [r.step for r in rows] == [s.name for s in STEPS]
    assert all(isinstance(r, StepProgress) for r in rows)
    assert all(r.waiting == r.in_progress == r.retrying == 0 for r in rows)
