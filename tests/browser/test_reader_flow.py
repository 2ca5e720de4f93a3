"""End to end in Chromium: sign up, add a local feed, read, tag, comment, search, ask, export.

Every main page is saved to build/screenshots/ (light, dark and phone widths).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.storage import articles as stored
from broadsheet.storage.stories.queries import get_story
from broadsheet.web import panels
from tests.support.server import LocalServer
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed_stories(n: int = 120) -> None:
    """Import fixture articles that several outlets wrote about the same events."""
    path = require(FIXTURES / "stories" / "allsides_neus_articles.jsonl")
    lines = []
    now = timezone.now()
    with path.open() as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            rec = json.loads(line)
            rec["published"] = (now - timedelta(minutes=7 * i + 5)).isoformat()
            lines.append(json.dumps(rec))
    import_articles(lines)


def _sign_up(page: Any, base: str) -> None:
    page.goto(base + "/accounts/signup/")
    page.fill("#id_username", "reader")
    page.fill("#id_email", "reader@example.org")
    page.fill("#id_password1", "correct-horse-battery")
    page.fill("#id_password2", "correct-horse-battery")
    page.click("form.stack button")
    page.wait_for_url(base + "/")
    assert "reader" in page.inner_text(".account")


def test_reader_journey(browser: Any, live_server: Any, shot: Any, tmp_path: Any) -> None:
    base = live_server.url
    _seed_stories()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/accounts/signup/")
    shot(page, "signup")
    _sign_up(page, base)
    User.objects.filter(username="reader").update(is_staff=True)

    with LocalServer(root=require(FIXTURES / "feeds")) as server:
        page.goto(base + "/feeds/")
        page.fill("input[name=url]", server.url("/publishers/bbc.rss.xml"))
        page.click("form.add >> text=Subscribe")
        page.wait_for_selector(".flash")
        assert "Subscribed" in page.inner_text(".flash")  # on the new feed's own page
    page.goto(base + "/feeds/")
    assert "BBC" in page.inner_text("table.feeds")
    shot(page, "feeds")
    with page.expect_download() as download:
        page.click("text=Export OPML")
    opml = tmp_path / "out.opml"
    download.value.save_as(opml)
    assert "bbc.rss.xml" in opml.read_text()

    page.goto(base + "/")
    shot(page, "front")
    page.goto(base + "/latest/")
    shot(page, "latest")

    # Read an article from the seeded stories (it has text, outlets and a story).
    article_id = next(a.id for a in stored.newest(40) if a.text and a.feed_id is None)
    page.goto(f"{base}/articles/{article_id}/")
    assert page.locator("article h1").inner_text()
    assert page.locator("time[title*='UTC']").first.inner_text().endswith("ago")
    if panels.article_intel(article_id) and panels.article_intel(article_id).hashtags:
        assert page.locator(".tags .tag").count() > 0
        page.fill("#newtag", "transport")
        page.click(".add-tag button")
        assert page.locator(".tags a", has_text="#transport").count() == 1
    if panels.related(article_id):
        assert page.locator(".related li").count() > 0
    page.fill(".ask input[name=question]", "What did the Supreme Court rule about police officers?")
    page.click(".ask button")
    page.wait_for_selector(".answer:not(:empty)")
    answer = page.inner_text(".answer")
    assert "HTTP" not in answer and "Forbidden" not in answer
    assert page.locator(".answer .cited").count() >= 1, answer
    page.locator(".answer .cited").first.hover()
    page.fill("#comment-text", "Useful piece; the background is at https://example.org/background")
    page.click(".comment-form button")
    page.wait_for_selector(".comment-body a[href='https://example.org/background']")
    assert page.locator(".comment").count() == 1
    if page.locator(".summary .cited").count():
        page.locator(".summary .cited").first.click()
        assert page.locator(".s.lit").count() >= 1
    shot(page, "article")

    story = panels.article_story(article_id)
    if story is not None:
        page.goto(f"{base}/stories/{story.id}/")
        assert page.locator(".timeline li").count() == len(get_story(story.id).articles)
        shot(page, "story")

    page.goto(base + "/")
    page.fill("#q-top", "court")
    page.press("#q-top", "Enter")
    page.wait_for_selector(".results")
    assert page.locator(".results mark").count() > 0
    shot(page, "search")

    page.goto(base + "/alerts/")
    page.fill("input[name=rule]", "court and not source = CNBC")
    page.click("text=Preview last 30 days")
    page.wait_for_selector("#preview p")
    assert "matched in the last 30 days" in page.inner_text("#preview")
    shot(page, "alerts")

    page.goto(base + "/moderation/")
    shot(page, "moderation")

    # On a wide screen the comments sit under the article, beside the panel...
    page.goto(f"{base}/articles/{article_id}/")
    body, panel, comments = (
        page.locator(sel).bounding_box() for sel in ("article.article", "aside.panel", "#comments")
    )
    assert body and panel and comments
    assert comments["y"] >= body["y"] + body["height"] - 1 and comments["x"] < panel["x"]
    dark = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    dark.goto(f"{base}/articles/{article_id}/")
    shot(dark, "article-dark")
    dark.goto(base + "/")
    shot(dark, "front-dark")
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(f"{base}/articles/{article_id}/")
    shot(phone, "article-phone")
    # ...and on a phone the summary and quotes come before the comments, not after them.
    panel_y = phone.locator("aside.panel").bounding_box()["y"]  # type: ignore[index]
    assert panel_y < phone.locator("#comments").bounding_box()["y"]  # type: ignore[index]
    phone.goto(base + "/")
    shot(phone, "front-phone")
    for p in (page, dark, phone):  # close keep-alive connections before the live server stops
        p.close()
