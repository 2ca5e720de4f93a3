"""Panels around a page: a failing one is logged and left out, cached ones stay correct."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from broadsheet import reading
from broadsheet.storage.intel import queries as intel
from broadsheet.web import panels
from tests.web.test_reader_pages import _import

pytestmark = pytest.mark.django_db


def test_a_failing_panel_is_logged_and_the_page_still_renders(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    a = _import()
    reading.forget_panels([a])  # as before the pipeline's panels step reaches it

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("related links table is corrupt")

    monkeypatch.setattr(panels.reading, "related_coverage", broken)
    with caplog.at_level(logging.ERROR, logger="broadsheet.web.panels"):
        page = client.get(f"/articles/{a}/")
    assert page.status_code == 200
    assert "Tram line opens" in page.content.decode()
    assert any(getattr(r, "panel", "") == "related" for r in caplog.records)


def test_cached_panels_are_reused_until_forgotten(client: Client) -> None:
    a = _import()
    before = {t.tag for t in panels.article_panels(a).intel.hashtags}
    intel.add_tag(a, "NightTrams", None)  # behind the cache's back
    assert {t.tag for t in panels.article_panels(a).intel.hashtags} == before
    panels.forget_article(a)
    assert "NightTrams" in {t.tag for t in panels.article_panels(a).intel.hashtags}


def test_a_readers_tag_shows_at_once_on_a_cached_page(client: Client) -> None:
    from django.contrib.auth.models import User

    a = _import()
    User.objects.create_user("ana", "ana@example.org", "pw")
    client.login(username="ana", password="pw")
    assert "/tags/NightTrams/" not in client.get(f"/articles/{a}/").content.decode()
    client.post(f"/articles/{a}/tags", {"tag": "#NightTrams"})
    assert "/tags/NightTrams/" in client.get(f"/articles/{a}/").content.decode()


def test_a_cache_outage_costs_time_not_the_page(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    a = _import()

    class Down:
        def get(self, *args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("redis is down")

        set = get

    from broadsheet.reading import _cache

    monkeypatch.setattr(panels, "cache", Down())
    monkeypatch.setattr(_cache, "cache", Down())
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/articles/{a}/").status_code == 200
        assert client.get("/").status_code == 200
    assert any("cache unavailable" in r.getMessage() for r in caplog.records)


def test_the_quotes_panel_leaves_out_reported_speech_nobody_is_named_for(client: Client) -> None:
    text = (
        "Two ferries collided outside Harbourton on Monday morning, the port authority said.\n\n"
        '"Nobody was hurt," said Mira Voss, the harbour master.\n\n'
        "Mira Voss said the harbour would reopen on Wednesday after divers checked the berth."
    )
    a = _import(title="Ferries collide outside Harbourton", text=text, source="Coast Wire")
    quotes = panels.article_panels(a).intel.quotes
    assert any(q.kind == "indirect" and not q.speaker for q in quotes), "the case under test"
    page = client.get(f"/articles/{a}/").content.decode()
    panel = page[page.index("<h2>Quotes</h2>") :]
    assert "Nobody was hurt" in panel and "Mira Voss" in panel
    assert "Two ferries collided" not in panel


def test_people_are_listed_once_by_their_canonical_name(client: Client) -> None:
    text = (
        "Forecaster Dr Kofi Mensah said the storm would weaken by Wednesday.\n\n"
        "Prime Minister Helen Marsh visited Saltmere. Helen Marsh said help was on its way. "
        '"We will rebuild," Marsh said.'
    )
    a = _import(title="Storm weakens", text=text, source="Coast Wire")
    page = client.get(f"/articles/{a}/").content.decode()
    panel = page[page.index("<h2>People and organisations</h2>") :]
    panel = panel[: panel.index("</section>")]
    assert ">Kofi Mensah<" in panel and ">Helen Marsh<" in panel
    assert "Dr Kofi" not in panel and "Minister Helen" not in panel
    assert panel.count(">Helen Marsh<") == 1
