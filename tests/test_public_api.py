"""Each core package's public surface is pinned: changing it is a deliberate, reviewed act."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "broadsheet.parse": ["DiscoveredFeed", "FeedItem", "ParsedFeed", "discover_feeds", "looks_like_feed",
                         "parse_feed"],
    "broadsheet.opml": ["Subscription", "parse_opml", "write_opml"],
    "broadsheet.extract": ["ContentChoice", "Embed", "Extracted", "choose_content", "extract_article",
                           "find_embeds", "find_text_embeds", "sanitize_html"],
    "broadsheet.health": ["Diagnosis", "FetchOutcome", "diagnose", "next_interval", "retry_delay"],
    "broadsheet.pipeline": ["ExtractReport", "ImportReport", "OPMLReport", "RefreshReport", "Subscribed",
                            "export_opml", "extract_articles", "find_feed", "import_articles", "import_opml",
                            "parse_published", "refresh_feeds", "subscribe"],
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_all_is_pinned(module: str) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == sorted(PUBLIC[module])
    for name in mod.__all__:
        assert getattr(mod, name).__doc__, f"{module}.{name} has no docstring"


def test_errors_form_one_hierarchy() -> None:
    errors = importlib.import_module("broadsheet.errors")
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.BroadsheetError), name
        assert name in (errors.__doc__ or ""), f"{name} missing from the hierarchy in the module docstring"
