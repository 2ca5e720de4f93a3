"""Anonymous pages serve kept HTML only while their view model is unchanged (web.views._kept)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.storage.models import Article
from broadsheet.web.jinja import label_changes
from broadsheet.web.timefmt import relative
from broadsheet.web.views import _kept


@pytest.fixture(autouse=True)
def _no_kept_pages() -> Iterator[None]:
    _kept.forget_all()
    yield
    _kept.forget_all()


def _import(title: str, minutes: int = 38) -> Article:
    record = {
        "url": f"https://news.example/{title.replace(' ', '-')}",
        "title": title,
        "text": f"{title}: the council said so this morning, and officials agreed. " * 4,
        "published": (timezone.now() - timedelta(minutes=minutes)).isoformat(),
        "source": "Example News",
    }
    report = import_articles([json.dumps(record)])
    return Article.objects.get(id=report.ids[0])


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates rendered afresh (a kept page is served without one)."""
    done: list[str] = []
    real = _kept._render

    def spy(request, template, context):  # type: ignore[no-untyped-def]
        done.append(template)
        return real(request, template, context)

    monkeypatch.setattr(_kept, "_render", spy)
    return done


@pytest.mark.django_db
def test_second_anonymous_view_is_kept_and_identical(client: Client, renders: list[str]) -> None:
    a = _import("Tram line opens")
    first, second = client.get(f"/articles/{a.id}/"), Client().get(f"/articles/{a.id}/")
    assert renders == ["web/article.html"]
    assert first.status_code == second.status_code == 200
    assert _without_csrf(first.content) == _without_csrf(second.content)
    assert sorted(first.headers) == sorted(second.headers)
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


@pytest.mark.django_db
def test_each_visitor_gets_their_own_working_csrf_token(renders: list[str]) -> None:
    a = _import("Tram line opens")
    tokens = []
    for _ in range(2):
        c = Client(enforce_csrf_checks=True)
        html = c.get(f"/articles/{a.id}/").content.decode()
        assert "\x00" not in html and 'name="csrfmiddlewaretoken"' in html
        tokens.append(html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
        assert "csrftoken" in c.cookies  # the cookie the token belongs to
    assert renders == ["web/article.html"] and tokens[0] != tokens[1]


@pytest.mark.django_db
def test_a_change_shows_at_once(client: Client, renders: list[str]) -> None:
    a = _import("Tram line opens")
    client.get(f"/articles/{a.id}/")
    Article.objects.filter(id=a.id).update(title="Tram line opens late")
    assert "Tram line opens late" in client.get(f"/articles/{a.id}/").content.decode()
    client.get("/latest/")
    _import("Bridge closes for repairs", minutes=5)
    assert "Bridge closes for repairs" in client.get("/latest/").content.decode()
    Article.objects.filter(id=a.id).delete()
    assert client.get(f"/articles/{a.id}/").status_code == 404
    assert "Tram line opens" not in client.get("/latest/").content.decode()


@pytest.mark.django_db
def test_signed_in_reader_never_gets_an_anonymous_kept_page(renders: list[str]) -> None:
    a = _import("Tram line opens")
    Client().get(f"/articles/{a.id}/")
    reader = Client()
    reader.force_login(User.objects.create_user("ana", password="pw-long-enough-1"))
    html = reader.get(f"/articles/{a.id}/").content.decode()
    assert "Sign out" in html and "ana" in html
    assert renders == ["web/article.html"]  # the reader's page is rendered by Django, not kept


@pytest.mark.django_db
def test_kept_page_lasts_until_its_first_relative_time_changes(client: Client) -> None:
    a = _import("Tram line opens", minutes=38)
    client.get(f"/articles/{a.id}/")
    (kept,) = _kept._pages.values()
    published = a.published_at.timestamp()
    assert kept.until == pytest.approx(published + 39 * 60, abs=1)


def test_relative_time_reads_the_same_until_label_changes() -> None:
    rng = random.Random(5)
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    for _ in range(2000):
        when = now - timedelta(seconds=rng.uniform(-900, 9 * 86400))
        changes = label_changes(when, now)
        label = relative(when, now)
        if changes is None:
            later = now + timedelta(days=rng.uniform(0, 400))
            assert relative(when, later) == label
            continue
        assert changes > now
        for _ in range(5):
            t = now + (changes - now) * rng.random()
            assert relative(when, t) == label, (when, now, t)


def test_orm_rows_are_never_kept() -> None:
    assert _kept._plain({"a": [1, "x", None], "when": timezone.now()})
    assert not _kept._plain({"a": Article(id=1)})


def _without_csrf(content: bytes) -> str:
    html = content.decode()
    parts = html.split('name="csrfmiddlewaretoken" value="')
    return parts[0] + "".join(p.split('"', 1)[1] for p in parts[1:])


@pytest.mark.django_db
def test_least_recently_served_pages_are_dropped_beyond_the_budget(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _import("Tram line opens"), _import("Bridge closes for repairs")
    client.get(f"/articles/{first.id}/")
    (kept,) = _kept._pages.values()
    monkeypatch.setattr(_kept, "MAX_CHARS", len(kept.html) + 10)
    client.get(f"/articles/{second.id}/")
    assert [path for _, path in _kept._pages] == [f"/articles/{second.id}/"]
    assert _kept._chars == len(_kept._pages[("web/article.html", f"/articles/{second.id}/")].html)
