"""In Chromium: a reader previews and saves a block rule, the article leaves their lists with a
note, "Show" brings it back marked with the rule, and a second reader still sees it.

Screenshots: build/screenshots/rules.png and latest-hidden.png.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.pipeline import import_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed() -> None:
    now = timezone.now()
    rows = [
        ("Cup final tonight", "The football club plays the final at eight.", "Sport Daily"),
        ("Tram line opens", "The mayor opened the new tram line this morning.", "City Paper"),
    ]
    import_articles(
        [
            json.dumps(
                {
                    "url": f"https://{src.split()[0].lower()}.example/{i}",
                    "title": title,
                    "text": text,
                    "source": src,
                    "published": (now - timedelta(minutes=10 * i + 5)).isoformat(),
                }
            )
            for i, (title, text, src) in enumerate(rows)
        ]
    )


def _sign_in(page: Any, base: str, name: str) -> None:
    User.objects.create_user(name, f"{name}@example.org", "correct-horse-battery")
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", "correct-horse-battery")
    page.click("main form button")
    page.wait_for_url(base + "/")


def test_a_block_rule_hides_an_article_and_can_show_it(
    browser: Any, live_server: Any, shot: Any
) -> None:
    base = live_server.url
    _seed()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, "ana")
    page.goto(base + "/rules/")
    page.select_option("select[name=field]", "text")
    page.fill("input[name=pattern]", "football")
    page.click("text=Preview last 30 days")
    page.wait_for_selector("#preview ol")
    assert "Cup final tonight" in page.inner_text("#preview")
    assert "would hide 1" in page.inner_text("#preview")
    page.click("text=Save rule")
    page.wait_for_selector(".rules code")
    assert "block keyword “football” in the text" in page.inner_text(".rules")
    shot(page, "rules")
    page.goto(base + "/latest/")
    assert "Cup final tonight" not in page.inner_text("main")
    assert "1 article hidden by your filter rules" in page.inner_text(".hidden-note")
    page.click(".hidden-note >> text=Show it")
    page.wait_for_selector(".hidden-reason")
    assert "Hidden by your rule: block keyword “football”" in page.inner_text(".hidden-reason")
    assert "Cup final tonight" in page.inner_text("main")
    shot(page, "latest-hidden")
    other = browser.new_context().new_page()
    _sign_in(other, base, "bob")
    other.goto(base + "/latest/")
    assert "Cup final tonight" in other.inner_text("main")  # rules are per reader
