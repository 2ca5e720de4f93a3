"""The filter rules page, and rules applied to the front page, latest articles and search."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.search import index

pytestmark = pytest.mark.django_db


def _import(title: str, text: str, source: str) -> int:
    rec = {
        "url": f"https://{source.split()[0].lower()}.example/{abs(hash(title))}",
        "title": title,
        "text": text,
        "source": source,
        "published": (timezone.now() - timedelta(minutes=30)).isoformat(),
    }
    ids = import_articles([json.dumps(rec)]).ids
    index(ids)
    return ids[0]


@pytest.fixture
def ana(client: Client) -> Client:
    User.objects.create_user("ana", "ana@example.org", "pw")
    client.login(username="ana", password="pw")
    return client


@pytest.fixture
def news() -> dict[str, int]:
    return {
        "cup": _import("Cup final tonight", "The football club plays the final.", "Sport Daily"),
        "tram": _import("Tram line opens", "The mayor opened the tram line.", "City Paper"),
    }


def _rule(client: Client, **form: str) -> str:
    response = client.post("/rules/", form, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_block_rule_hides_articles_and_says_why(ana: Client, news: dict[str, int]) -> None:
    page = _rule(ana, action="block", kind="keyword", field="text", pattern="football")
    assert "Rule saved: block keyword “football” in the text" in page
    latest = ana.get("/latest/").content.decode()
    assert "Tram line opens" in latest and "Cup final tonight" not in latest
    assert "1 article hidden by your" in latest and "hidden=1" in latest
    shown = ana.get("/latest/?hidden=1").content.decode()
    assert "Cup final tonight" in shown
    assert "Hidden by your rule: block keyword “football” in the text." in shown
    link = f"/articles/{news['cup']}/"
    results = ana.get("/search/?q=final").content.decode()
    assert link not in results and "1 result hidden" in results
    shown = ana.get("/search/?q=final&hidden=1").content.decode()
    assert link in shown and "Hidden by your rule" in shown
    front = ana.get("/").content.decode()
    assert "Cup final tonight" not in front
    assert "Cup final tonight" in Client().get("/latest/").content.decode()  # others see it


def test_keep_rules_and_deleting_them(ana: Client, news: dict[str, int]) -> None:
    _rule(ana, action="keep", kind="regex", field="title", pattern=r"^tram\b")
    latest = ana.get("/latest/").content.decode()
    assert "Tram line opens" in latest and "Cup final tonight" not in latest
    shown = ana.get("/latest/?hidden=1").content.decode()
    assert "none of your keep rules matches it" in shown
    page = ana.get("/rules/").content.decode()
    assert "keep regex /^tram\\b/ in the title" in page
    from broadsheet.reading import filter_rules

    rule = filter_rules(User.objects.get(username="ana").id)[0]
    ana.post(f"/rules/{rule.id}/delete")
    assert "Cup final tonight" in ana.get("/latest/").content.decode()


def test_bad_rules_are_refused_with_a_clear_message(ana: Client, news: dict[str, int]) -> None:
    page = _rule(ana, action="block", kind="regex", field="any", pattern="(a+)+$")
    assert "takes over 50 ms" in page and "No rules yet" in page
    page = _rule(ana, action="block", kind="regex", field="any", pattern="(unclosed")
    assert "cannot be read" in page


def test_preview_lists_the_last_30_days_matches(ana: Client, news: dict[str, int]) -> None:
    form = {"action": "block", "kind": "keyword", "field": "any", "pattern": "final"}
    html = ana.post("/rules/preview", form).content.decode()
    assert "<strong>1</strong> of the 2 newest articles" in html and "Cup final tonight" in html
    assert "would hide 1" in html
    form["kind"] = "regex"
    form["pattern"] = "a*"
    assert "matches an empty text" in ana.post("/rules/preview", form).content.decode()


def test_the_rules_page_needs_an_account(client: Client) -> None:
    assert client.get("/rules/").status_code == 302


def test_a_rule_edit_shows_at_once_and_an_unfinished_backfill_says_so(
    ana: Client, news: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from broadsheet.pipeline import _rules
    from broadsheet.reading import filter_rules

    _rule(ana, action="block", kind="keyword", field="title", pattern="cup")
    assert "Applying your rules" not in ana.get("/rules/").content.decode()  # done inline
    rule = filter_rules(User.objects.get(username="ana").id)[0]
    monkeypatch.setattr(_rules, "BATCH", 1)
    monkeypatch.setattr(_rules, "INLINE_SECONDS", 0.0)  # the request leaves it to the scheduler
    form = {"action": "block", "kind": "keyword", "field": "title", "pattern": "tram"}
    page = ana.post(f"/rules/{rule.id}/edit", form, follow=True).content.decode()
    assert "Rule changed: block keyword “tram” in the title" in page
    assert "Applying your rules to your recent articles: 0 of 2 checked" in page
    latest = ana.get("/latest/").content.decode()  # right meanwhile: checked at read time
    assert "Cup final tonight" in latest and "Tram line opens" not in latest
    assert _rules.resume() == 1  # the scheduler's round finishes it
    assert "Applying your rules" not in ana.get("/rules/").content.decode()
    latest = ana.get("/latest/").content.decode()
    assert "Cup final tonight" in latest and "Tram line opens" not in latest
