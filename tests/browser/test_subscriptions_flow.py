"""In Chromium, as a new reader: sign up first (the administrator), add a feed by its site's
address on 127.0.0.1, read it in its own view with the keyboard, mark read, unsubscribe; a
second reader sees none of it.

Screenshots: build/screenshots/subs-*.png (sign-up, feed view, shortcuts, phone, second reader).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader.models import ArticleState
from tests.support.server import LocalServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASS = "correct-horse-battery"


@pytest.fixture
def site() -> Iterator[LocalServer]:
    """A small newspaper: a home page that advertises its feed, four stories with pages."""
    with LocalServer() as server:
        server.route(
            "/",
            body=(
                "<html><head><title>Quayside Courier</title>"
                '<link rel="alternate" type="application/rss+xml" href="/rss"></head>'
                "<body><h1>Quayside Courier</h1></body></html>"
            ),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        items = "".join(
            f"<item><title>Quay report {i}</title><link>{server.url(f'/n/{i}')}</link>"
            f"<guid>{server.url(f'/n/{i}')}</guid><description>Short text {i}.</description>"
            f"<pubDate>Wed, 02 Dec 2026 1{i}:00:00 GMT</pubDate></item>"
            for i in range(1, 5)
        )
        server.route(
            "/rss",
            body=(
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Quayside Courier</title>'
                f"<link>{server.url('/')}</link><description>d</description>{items}</channel></rss>"
            ),
            headers={"Content-Type": "application/rss+xml"},
        )
        for i in range(1, 5):
            server.route(
                f"/n/{i}",
                body=(
                    f"<html><head><title>Quay report {i}</title></head><body><article>"
                    f"<h1>Quay report {i}</h1><p>The harbour board met on day {i} and agreed "
                    "to repair the old quay wall before the winter storms arrive.</p>"
                    "<p>Work is expected to take six weeks, the board said.</p>"
                    "</article></body></html>"
                ),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        yield server


def _sign_up(page: Any, base: str, name: str) -> None:
    page.goto(base + "/accounts/signup/")
    page.fill("#id_username", name)
    page.fill("#id_email", f"{name}@example.org")
    page.fill("#id_password1", PASS)
    page.fill("#id_password2", PASS)
    page.click("form.stack button")
    page.wait_for_url(base + "/")


def _titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("[data-entry] h2").all_inner_texts()]


def test_first_reader_subscribes_reads_by_keyboard_and_unsubscribes(
    browser: Any, live_server: Any, site: LocalServer, shot: Any
) -> None:
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/accounts/signup/")
    assert "first account of this Broadsheet" in page.inner_text("main")
    shot(page, "subs-signup-first")
    _sign_up(page, base, "ada")
    assert User.objects.get(username="ada").is_superuser

    # Add the feed by the site's address: the feed is discovered and fetched.
    page.goto(base + "/feeds/")
    page.fill("form.add input[name=url]", site.url("/"))
    page.fill("form.add input[name=folder]", "Local")
    page.click("form.add >> text=Subscribe")
    feed = Feed.objects.get()
    assert feed.url == site.url("/rss")
    page.wait_for_url(f"{base}/feeds/{feed.id}/")
    assert "Subscribed to Quayside Courier" in page.inner_text(".flash")
    assert _titles(page) == [f"Quay report {i}" for i in (4, 3, 2, 1)]
    side = page.inner_text("#sidebar")
    assert "Local" in side and "Quayside Courier" in side and "4" in side
    shot(page, "subs-feed-view")

    # Keyboard: ? shows the shortcuts, j/k move, m marks read, s saves, o opens (and reads).
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    shot(page, "subs-shortcuts")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts").is_visible()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    current = page.locator("[data-entry].current")
    assert current.locator("h2").inner_text() == "Quay report 4"
    page.keyboard.press("m")
    page.wait_for_function(
        "document.querySelector('[data-entry].current').classList.contains('read')"
    )
    page.keyboard.press("j")
    page.keyboard.press("s")
    page.wait_for_function(
        "document.querySelector('[data-entry].current').getAttribute('data-saved') === '1'"
    )
    first = Article.objects.get(title="Quay report 4")
    saved = Article.objects.get(title="Quay report 3")
    page.wait_for_timeout(300)  # the marks are sent in the background
    assert ArticleState.objects.get(article=first).read
    assert ArticleState.objects.get(article=saved).saved
    page.keyboard.press("j")
    page.keyboard.press("o")  # opening an article marks it read
    opened = Article.objects.get(title="Quay report 2")
    page.wait_for_url(f"{base}/articles/{opened.id}/")
    assert ArticleState.objects.get(article=opened).read
    page.go_back()
    page.reload()

    # Unread only: the two read ones are gone; g u goes to all unread articles.
    page.goto(f"{base}/feeds/{feed.id}/?unread=1")
    assert _titles(page) == ["Quay report 3", "Quay report 1"]
    page.keyboard.press("g")
    page.keyboard.press("u")
    page.wait_for_url(base + "/unread/")
    assert _titles(page) == ["Quay report 3", "Quay report 1"]
    page.click("text=Mark all read")
    page.wait_for_selector(".flash")
    assert _titles(page) == []

    # A phone: the sidebar is folded until tapped.
    phone = browser.new_page(viewport={"width": 390, "height": 800})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{base}/feeds/{feed.id}/")
    assert not phone.locator("#sidebar").evaluate("d => d.open")
    phone.click("#sidebar summary")
    assert phone.locator("#sidebar").evaluate("d => d.open")
    shot(phone, "subs-phone")
    phone.close()

    # A second reader sees none of ada's feeds, folders or articles.
    other = browser.new_context().new_page()
    _sign_up(other, base, "bo")
    assert not User.objects.get(username="bo").is_staff
    other.goto(base + "/feeds/")
    assert "Quayside" not in other.inner_text("main") and "Local" not in other.inner_text("main")
    other.goto(base + "/unread/")
    assert _titles(other) == [] and "Quayside" not in other.inner_text("#sidebar")
    assert other.goto(f"{base}/feeds/{feed.id}/").status == 404
    other.goto(base + "/feeds/")
    shot(other, "subs-second-reader")
    other.close()

    # Unsubscribe: ada was its only reader, so the feed goes; her saved article stays.
    page.goto(base + "/feeds/")
    page.click(f"#feed-{feed.id} summary")
    shot(page, "subs-feeds-page")
    page.once("dialog", lambda d: d.accept())
    page.click(f"#feed-{feed.id} >> text=Unsubscribe")
    page.wait_for_selector(".flash")
    assert "Unsubscribed" in page.inner_text(".flash")
    assert not Feed.objects.exists()
    page.goto(base + "/saved/")
    assert "Quay report 3" in page.inner_text("main")


def test_my_feeds_switch_shrinks_the_list_and_is_remembered(
    browser: Any, live_server: Any, shot: Any
) -> None:
    """Latest as a reader who hid one of two feeds: "My feeds" keeps the other's article only,
    after a reload too; a visitor has no switch."""
    import json
    from datetime import timedelta

    from django.utils import timezone

    from broadsheet.pipeline import import_articles
    from broadsheet.storage.reader import subscriptions

    base = live_server.url
    titles = {"pier": "Pier lights repaired", "mill": "Old mill reopens as a museum"}
    feeds = {}
    for n, (key, title) in enumerate(titles.items()):
        feeds[key] = Feed.objects.create(url=f"https://{key}.example/rss", title=f"{key} news")
        rec = {
            "url": f"https://{key}.example/1",
            "title": title,
            "text": f"{title}: the town council confirmed it on Thursday evening.",
            "source": f"{key.title()} News",
            "published": (timezone.now() - timedelta(hours=n + 1)).isoformat(),
        }
        Article.objects.filter(id=import_articles([json.dumps(rec)]).ids[0]).update(feed=feeds[key])
    user = User.objects.create_user("cleo", "cleo@example.org", PASS)
    subscriptions.unfollow(user.id, feeds["mill"].id)  # she follows the pier feed only
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "cleo")
    page.fill("#id_password", PASS)
    page.click("main form button")
    page.wait_for_url(base + "/")
    page.goto(base + "/latest/")
    main = page.inner_text("main")
    assert titles["pier"] in main and titles["mill"] in main
    assert page.inner_text("nav.scope [aria-current]") == "All feeds"
    page.click("nav.scope >> text=My feeds")
    page.wait_for_url("**feeds=mine")
    main = page.inner_text("main")
    assert titles["pier"] in main and titles["mill"] not in main
    assert page.inner_text("nav.scope [aria-current]") == "My feeds"
    shot(page, "subs-my-feeds")
    page.goto(base + "/latest/")  # no parameter: the remembered choice
    page.reload()
    assert page.inner_text("nav.scope [aria-current]") == "My feeds"
    assert titles["mill"] not in page.inner_text("main")
    page.click("nav.scope >> text=All feeds")
    page.wait_for_url("**feeds=all")
    assert titles["mill"] in page.inner_text("main")
    visitor = browser.new_context().new_page()
    visitor.goto(base + "/latest/")
    assert visitor.locator("nav.scope").count() == 0
    assert titles["mill"] in visitor.inner_text("main")
    visitor.close()
