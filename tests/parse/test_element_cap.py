"""Feeds too dense in elements (XML) or objects (JSON) are refused before any parser builds them."""

from __future__ import annotations

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import parse_feed
from broadsheet.parse._elements import (
    MAX_ELEMENTS,
    refuse_too_many_elements,
    refuse_too_many_objects,
)

URL = "http://feeds.test/rss"


def doc(inside_item: str, doctype: str = "<!DOCTYPE rss>") -> bytes:
    # The DOCTYPE sends the document past the fast path, to feedparser.
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>T</title>'
        f"<item><guid>g</guid><title>t</title>{inside_item}</item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("doctype", ["<!DOCTYPE rss>", ""], ids=["feedparser", "fast-path"])
def test_a_document_over_the_cap_is_refused_with_a_plain_reason(doctype: str) -> None:
    with pytest.raises(FeedParseError, match="XML elements, more than the 100,000") as caught:
        parse_feed(doc("<x/>" * MAX_ELEMENTS, doctype), URL)
    assert str(caught.value).startswith(URL)


def test_markup_inside_cdata_and_comments_is_not_counted() -> None:
    html = "<p>" * MAX_ELEMENTS
    body = doc(f"<description><![CDATA[{html}]]></description><!-- {html} -->")
    refuse_too_many_elements(body, "doc")  # does not raise
    assert parse_feed(body, URL).items[0].summary_html.startswith("<p>")


def test_a_document_at_the_cap_is_let_through() -> None:
    refuse_too_many_elements(doc("<x/>" * (MAX_ELEMENTS - 10)), "doc")  # does not raise


def test_a_json_feed_of_too_many_objects_is_refused() -> None:
    items = ",".join(f'{{"id":"{n}"}}' for n in range(MAX_ELEMENTS))
    body = '{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[' + items + "]}"
    with pytest.raises(FeedParseError, match="JSON objects, more than the 100,000"):
        parse_feed(body.encode(), URL)
    refuse_too_many_objects(body.encode()[: len(body) // 2], "doc")  # half of them: read
