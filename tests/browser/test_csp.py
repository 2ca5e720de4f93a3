"""In Chromium, no page breaks the Content-Security-Policy: reader pages, htmx actions, the
admin and the API docs (Swagger UI) all work without one violation report.

A listener added before any page script records every ``securitypolicyviolation`` event; a
control at the end proves the listener does see violations when there are some.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User

from broadsheet.pipeline import import_articles
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber));"""
PASSWORD = "a-long-admin-password-1"


def _seed() -> None:
    path = require(FIXTURES / "stories" / "allsides_neus_articles.jsonl")
    rows = [json.loads(line) for line in path.read_text().splitlines()[:12]]
    rows[0] |= {
        "image": "http://127.0.0.1:9/lead.png",
        "html": "<p>Lead.</p><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' alt=''>"
        f"<p>{rows[0].get('text', '')[:400]}</p>",
    }
    import_articles([json.dumps(r) for r in rows])
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


def _violations(page: Any, base: str, path: str, wait_for: str = "body") -> list[str]:
    page.goto(base + path)
    page.wait_for_selector(wait_for, timeout=15_000)
    page.wait_for_timeout(300)
    return [f"{path}: {v}" for v in page.evaluate("window.__csp")]


def test_no_page_violates_the_policy(browser: Any, live_server: Any) -> None:
    base = live_server.url
    _seed()
    page = browser.new_page()
    page.add_init_script(LISTEN)
    found: list[str] = []
    for path in (
        "/",
        "/latest/",
        "/articles/1/",
        "/stories/1/",
        "/feeds/",
        "/search/?q=the",
        "/accounts/login/",
        "/accounts/signup/",
        "/no/such/page/",
    ):
        found += _violations(page, base, path)
    found += _violations(page, base, "/api/docs", ".swagger-ui .info")  # Swagger UI rendered

    page.goto(base + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    for path in (
        "/admin/",
        "/admin/storage/article/",
        "/admin/storage/article/1/change/",
        "/admin/auth/user/add/",
        "/admin/auth/user/1/change/",
    ):
        found += _violations(page, base, path, "#content")

    found += _violations(page, base, "/articles/1/")  # signed in: the htmx actions are offered
    # signed in, the latest list shows thumbnails (one remote, here unreachable) and "mark read
    # up to here", which posts from the script and writes its message into the page
    found += _violations(page, base, "/latest/", "button.upto")
    assert page.locator("img.thumb[hidden]").count() == 1  # the unreachable image is hidden
    page.click("[data-list] [data-id]:nth-child(2) button.upto")
    page.wait_for_selector("#js-flash")
    found += [f"after up to here: {v}" for v in page.evaluate("window.__csp")]
    for button in page.query_selector_all("[hx-post] button, button[hx-post]")[:3]:
        button.click()
        page.wait_for_timeout(500)
    found += [f"after htmx: {v}" for v in page.evaluate("window.__csp")]
    assert page.evaluate("document.querySelectorAll('style').length") == 0  # htmx added none
    assert found == []

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color: red\">x</b>')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in page.evaluate("window.__csp"))  # the listener works
    page.wait_for_load_state("networkidle")  # no request still in the live server at teardown
    page.close()
