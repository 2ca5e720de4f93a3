"""node-feedparser's expectations (feeds/node-feedparser/EXPECTATIONS.md) as explicit tests."""

from __future__ import annotations

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import ParsedFeed, parse_feed
from tests.support.shared import FIXTURES, require

DIR = FIXTURES / "feeds" / "node-feedparser"
TPM_FIRST_TWO = [
    "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist",
    "http://talkingpointsmemo.com/edblog/were-hiring-senior-editor",
]


def _parse(name: str, url: str = "https://example.com/feed.xml") -> ParsedFeed:
    return parse_feed(require(DIR / name).read_bytes(), url)


def test_html_page_is_not_a_feed() -> None:
    with pytest.raises(FeedParseError, match="is an HTML page, not a feed"):
        _parse("notafeed.html")


def test_gzip_bytes_fail_gracefully() -> None:
    with pytest.raises(FeedParseError, match="gzip-compressed"):
        _parse("invalid-characters-gzipped.xml")


def test_duplicate_guid_elements_use_the_first() -> None:
    feed = _parse("guid-dupes.xml")
    assert len(feed.items) == 1
    item = feed.items[0]
    assert (item.key, item.key_kind) == ("http://www.braingle.com/50366.html", "guid")
    assert item.url == "http://www.braingle.com/50366.html"  # guid is a permalink


def test_sax_error_is_recovered_with_all_three_items() -> None:
    feed = _parse("saxerror.xml")
    assert [item.title for item in feed.items] == ["Good Item", "Bad Item", "Item After Error"]
    assert feed.damage is not None
    assert "line 15" in feed.damage
    assert "3 of 3 items recovered" in feed.damage


def test_illegally_nested_items_are_ignored() -> None:
    feed = _parse("illegally-nested.xml")
    assert len(feed.items) == 10
    assert all(item.title for item in feed.items)


def test_atom_without_root_base_resolves_against_feed_url() -> None:
    feed = _parse("intertwingly.atom", "http://intertwingly.net/blog/index.atom")
    assert feed.site_url == "http://intertwingly.net/blog/"
    assert feed.image == "http://intertwingly.net/favicon.ico"
    assert feed.items[0].url == "http://intertwingly.net/blog/2012/07/16/Inhibiting-Suspend"


def test_relative_channel_image_url_is_resolved() -> None:
    feed = _parse("relative-channel-image-url.xml", "https://www.virtualbox.org/wiki/News")
    assert feed.image == "https://www.virtualbox.org/graphics/vbox_logo2_gradient.png"


@pytest.mark.parametrize(
    "name", ["tpm.atom", "tpm-with-empty-base.atom", "tpm-with-fragment-base.atom"]
)
def test_tpm_relative_item_links(name: str) -> None:
    feed = _parse(name, "http://talkingpointsmemo.com/account/feed/all/x")
    assert len(feed.items) == 20
    assert [item.url for item in feed.items[:2]] == TPM_FIRST_TWO


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("rss-with-relative-urls.xml", "http://www.arcgames.com/en/games/neverwinter/news/rss"),
        ("rss-with-relative-urls.xml", "http://www.arcgames.com"),
        ("rss-with-relative-urls-with-absolute-xmlurl.xml", "http://www.arcgames.com/"),
    ],
)
def test_rss_relative_urls(name: str, url: str) -> None:
    feed = _parse(name, url)
    base = "http://www.arcgames.com/en/games/neverwinter/news"
    assert feed.site_url == base
    assert [item.url for item in feed.items] == [
        f"{base}/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21",
        f"{base}/detail/10738994-2x-underdark-currency-%26-15%25-off-bags%21",
    ]


def test_relative_urls_in_item_html_follow_xml_base() -> None:
    item = _parse("rss-with-relative-html-urls.xml").items[0]
    assert item.url == "https://example.com/posts/posts/post-1"  # item xml:base + relative link
    assert '<a href="https://example.com/posts/post-1">Read</a>' in item.summary_html
    assert 'href="https://example.com/posts/post-1#comments"' in item.summary_html
    assert 'src="https://example.com/images/post-1.png"' in item.summary_html
    assert 'poster="https://example.com/posts/poster.png"' in item.summary_html


def test_relative_urls_in_item_html_without_base_use_feed_url() -> None:
    item = _parse("rss-with-relative-html-urls-no-base.xml", "https://example.com/feed/").items[0]
    assert item.url == "https://example.com/feed/posts/post-1"
    assert '<a href="https://example.com/feed/post-1">Read</a>' in item.summary_html
    assert 'href="https://example.com/feed/#comments"' in item.summary_html


def test_item_xml_base_does_not_leak_to_siblings() -> None:
    feed = _parse("rss-with-item-scoped-html-base.xml", "https://example.com/")
    assert feed.items[0].summary_html == '<p><a href="https://example.com/first/post">First</a></p>'
    assert feed.items[1].summary_html == '<p><a href="https://example.com/post">Second</a></p>'


def test_channel_metadata_after_items_still_belongs_to_the_feed() -> None:
    feed = _parse("rss-with-trailing-meta.xml")
    assert feed.title == "Trailing Meta Feed"
    assert feed.site_url == "https://example.com/"
    assert len(feed.items) == 1


def test_non_utf8_feed_is_decoded() -> None:
    feed = _parse("iconv.xml")
    assert feed.title.startswith("Новости Оренбурга")
    assert len(feed.items) == 10
    assert feed.damage is None


def test_compressed_copy_of_iconv_is_refused_not_guessed() -> None:
    # Content-Encoding is the fetch layer's job; parse never inflates bytes on its own.
    with pytest.raises(FeedParseError, match="gzip-compressed"):
        _parse("compressed.xml")
