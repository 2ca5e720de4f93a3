"""In Chromium: the seed article's related coverage reads well at desktop and phone width.

Screenshots go to build/screenshots/related-{desktop,phone}.png (the page) and
related-{desktop,phone}-block.png (the block alone).
"""

from __future__ import annotations

from typing import Any

import pytest

from broadsheet.pipeline import import_articles
from broadsheet.pipeline._cluster import forget
from tests.reading.test_related import _seed_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_related_block_shows_outlet_age_lead_and_reason(
    browser: Any, live_server: Any, shot: Any, name: str, width: int
) -> None:
    forget()
    lines, _ = _seed_lines()
    main_id = import_articles(lines).ids[-1]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/articles/{main_id}/")
    block = page.locator("section.related-coverage")
    block.scroll_into_view_if_needed()
    assert block.is_visible()
    items = block.locator("li.related-item")
    assert items.count() == 3
    text = block.inner_text()
    for outlet, age in (
        ("BBC News", "38 minutes ago"),
        ("Daily Mail", "39 minutes ago"),
        ("The Guardian", "an hour ago"),
    ):
        assert f"{outlet} · {age}" in text, text
    for i in range(3):
        item = items.nth(i)
        box = item.bounding_box()
        assert box is not None and box["width"] <= width  # nothing runs off a phone's screen
        assert item.locator(".lead").inner_text().strip()
        assert item.locator(".why").inner_text().strip()
    shot(page, f"related-{name}")
    block.screenshot(path=str(shot(page, f"related-{name}").with_name(f"related-{name}-block.png")))
    page.close()
