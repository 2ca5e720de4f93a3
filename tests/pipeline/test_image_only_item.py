"""A feed item whose content is an image alone is shown (its sanitised image), not failed.

The feed is served from 127.0.0.1 and goes through ``broadsheet refresh --once``; the item's
page cannot be had (404), so the feed's content is what the article shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

import pytest
from django.test import Client

from broadsheet.cli import main
from broadsheet.pipeline._extract import decide
from broadsheet.storage.articles import ArticleForExtraction
from broadsheet.storage.models import Article
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def _rss(link: str, description: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily strip</title>'
        f"<link>{link}</link><item><title>Strip for Monday</title><link>{link}</link>"
        f"<guid>{link}</guid><description>{escape(description)}</description></item>"
        "</channel></rss>"
    ).encode()


@pytest.fixture
def strip_feed(settings_env: pytest.MonkeyPatch) -> Iterator[str]:
    settings_env.setenv("BROADSHEET_FETCH_HOST_DELAY", "0")
    with LocalServer() as server:
        image = server.url("/strips/monday.png")
        markup = f'<img src="{image}" alt="Monday\'s strip" onerror="alert(1)">'
        server.route(
            "/strip.xml",
            body=_rss(server.url("/_/status/404"), markup),
            headers={"Content-Type": "application/rss+xml"},
        )
        assert main(["add", server.url("/strip.xml"), "--no-refresh"]) == 0
        yield image


def test_an_image_only_item_is_stored_with_its_image_and_shown(
    strip_feed: str, client: Client
) -> None:
    assert main(["refresh", "--once"]) == 0
    article = Article.objects.get()
    assert article.text == ""
    assert article.extraction_status == "done", article.extraction_error
    assert article.content_source == "feed"
    assert f'src="{strip_feed}"' in article.html and "onerror" not in article.html
    page = client.get(f"/articles/{article.id}/").content.decode()
    body = page[page.index('<div class="body">') : page.index("</div>", page.index('class="body"'))]
    assert f'src="{strip_feed}"' in body and "onerror" not in body
    assert "has not been fetched yet" not in body


def _item(feed_html: str) -> ArticleForExtraction:
    return ArticleForExtraction(
        id=1,
        url="https://strips.example/monday",
        feed_html=feed_html,
        title="Strip for Monday",
        imported=False,
        text="",
    )


def test_decide_keeps_an_image_and_fails_an_empty_item() -> None:
    image = decide(_item('<img src="https://strips.example/monday.png" alt="">'), "404", None)
    assert image.fields["status"] == "done"
    assert '<img src="https://strips.example/monday.png"' in image.fields["html"]
    empty = decide(_item("<p>   </p>"), "404", None)
    assert empty.fields["status"] == "failed" and empty.fields["text"] == ""
