"""Feed content kept faithfully (issue 15, target 1): titles and content agree with feedparser.

The parser suites in ../shared/fixtures/feeds are compared field by field with feedparser by
benchmarks/feed_conformance.py; these tests keep its title and content counts at zero and
pin the vectors that motivated them.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from broadsheet.extract import choose_content
from broadsheet.parse import parse_feed
from tests.support.shared import FIXTURES, REPO, require


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "feed_conformance", REPO / "benchmarks" / "feed_conformance.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def _item(name: str):  # type: ignore[no-untyped-def]
    return parse_feed(BENCH.VECTORS[name].encode(), BENCH.URL).items[0]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("text-title-dialog", "The <dialog> element"),
        ("rss-title-blink", "History of the <blink> tag"),
        ("double-escaped", "Use <img src=x onerror=alert(1)>"),
        ("html-title-script", "A b c"),
    ],
)
def test_title_is_text_by_its_declared_type(name: str, title: str) -> None:
    assert _item(name).title == title


def test_image_only_item_shows_its_image() -> None:
    item = _item("image-only")
    choice = choose_content(item.summary_html, None, base_url=BENCH.URL)
    assert 'src="https://example.org/c.png"' in choice.html
    assert choice.has_content


def test_inline_links_and_images_survive() -> None:
    item = _item("inline-link-image")
    html = choose_content(item.summary_html, None, base_url=BENCH.URL).html
    assert html.startswith('<p>Read <a href="https://example.org/x"')
    assert '<img src="https://example.org/i.png">' in html


def test_script_style_noscript_never_become_text() -> None:
    item = _item("script-style-noscript")
    choice = choose_content(item.summary_html, None, base_url=BENCH.URL)
    assert choice.text == "one\n\ntwo"


def test_no_title_or_content_field_differs_from_feedparser() -> None:
    require(FIXTURES / "feeds")
    wrong: dict[str, list[str]] = {
        k: [] for k in ("items", "title", "content-text", "content-images")
    }
    for name, body in BENCH.documents():
        BENCH.compare(name, body, wrong)
    assert wrong["title"] == []
    assert wrong["content-images"] == []
    # feedparser keeps inline <svg> text (intertwingly's "W" logo); Broadsheet drops SVG.
    assert all("intertwingly.atom" in case for case in wrong["content-text"])
