"""URL fields hold http(s) addresses or nothing, from every input, and old rows are cleared."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client

from broadsheet.cli import main
from broadsheet.errors import InvalidURLError
from broadsheet.extract import extract_article
from broadsheet.parse import parse_feed
from broadsheet.pipeline import import_articles, import_opml, subscribe
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed
from broadsheet.untrusted import url_problem, web_url, xml_text
from tests.api.conftest import Account, import_article

BAD = (
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "vbscript:x",
    "//evil.example/x.png",
    "/relative.png",
    "http://",
    "java\x0escript:alert(1)",
    "ftp://files.example/a",
)


@pytest.mark.parametrize("value", BAD)
def test_only_absolute_http_urls_pass(value: str) -> None:
    assert web_url(value) == "" and url_problem(value)


def test_good_urls_pass_and_control_characters_go() -> None:
    assert web_url(" https://news.example/a.png ") == "https://news.example/a.png"
    assert url_problem("HTTP://news.example/") is None
    assert xml_text("a\x00b\x0ec\x1fd\te\nf\rg\ufffeh") == "abcd\te\nf\rgh"


def test_feed_item_and_feed_images_are_web_urls_only() -> None:
    doc = b"""<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
    <channel><title>T</title><link>javascript:alert(1)</link>
    <image><url>javascript:alert(1)</url></image>
    <item><title>A</title><link>https://news.example/a</link><guid>a</guid>
    <media:thumbnail url="javascript:alert(1)"/></item>
    <item><title>B</title><link>https://news.example/b</link><guid>b</guid>
    <enclosure url="data:image/png;base64,AAAA" type="image/png" length="4"/></item>
    </channel></rss>"""
    parsed = parse_feed(doc, "https://news.example/feed.xml")
    assert parsed.site_url is None and parsed.image is None
    assert [item.image for item in parsed.items] == [None, None]


def test_page_og_image_must_be_a_web_url() -> None:
    body = " ".join(["The council met on Monday to discuss the new bridge."] * 30)
    page = (
        f'<html><head><meta property="og:image" content="javascript:alert(1)">'
        f"<title>Bridge</title></head><body><article><h1>Bridge</h1><p>{body}</p>"
        f"<p>{body}</p></article></body></html>"
    )
    assert extract_article(page, "https://news.example/bridge").image is None


@pytest.mark.django_db
def test_imported_image_that_is_not_a_web_url_refuses_the_line(
    client: Client, alice: Account
) -> None:
    good = {
        "url": "https://news.example/ok",
        "text": "Fine text.",
        "image": "https://news.example/i.png",
    }
    bad = {"url": "https://news.example/bad", "text": "Bad image.", "image": "javascript:alert(1)"}
    report = import_articles([json.dumps(good), json.dumps(bad)])
    assert report.created == 1 and report.rejected == 1
    assert report.problems == [
        "line 2: 'image' must be an absolute http(s) URL (only http and "
        "https addresses are accepted, not javascript ones): "
        "'javascript:alert(1)'"
    ]
    article_id = import_article(url="https://news.example/third", image="")
    body = json.loads(client.get(f"/api/articles/{article_id}", headers=alice.headers).content)
    assert body["image"] is None


@pytest.mark.django_db
def test_opml_refuses_non_web_feed_urls_and_drops_non_web_site_urls() -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><body>
    <outline text="JS" xmlUrl="javascript:alert(1)"/>
    <outline text="File" xmlUrl="file:///etc/passwd"/>
    <outline text="Good" xmlUrl="https://news.example/feed.xml" htmlUrl="javascript:alert(1)"/>
    </body></opml>"""
    report = import_opml(opml)
    assert (report.added, report.existing) == (1, 0)
    assert len(report.refused) == 2 and "javascript" in report.refused[0]
    assert list(Feed.objects.values_list("url", "site_url")) == [
        ("https://news.example/feed.xml", "")
    ]


@pytest.mark.django_db(transaction=True)
def test_import_opml_command_says_what_it_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.opml"
    path.write_text(
        '<opml version="2.0"><body><outline xmlUrl="javascript:alert(1)"/>'
        '<outline xmlUrl="file:///etc/passwd"/></body></opml>'
    )
    assert main(["import-opml", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("0 feeds added")
    refused = [line for line in err.splitlines() if line.startswith("refused ")]
    assert len(refused) == 2 and "file" in refused[1] and "Traceback" not in err
    assert not Feed.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "feed.xml"])
def test_subscribe_refuses_non_web_urls_in_one_line(url: str) -> None:
    with pytest.raises(InvalidURLError, match=r"only http and https|no host"):
        subscribe(url)


@pytest.mark.django_db
def test_migration_clears_what_older_versions_stored() -> None:
    migration = importlib.import_module("broadsheet.storage.migrations.0002_clean_untrusted")
    good = feeds.add_feed("https://news.example/feed.xml", site_url="https://news.example/")[0]
    bad_site = feeds.add_feed("https://other.example/feed.xml")[0]
    Feed.objects.filter(id=bad_site).update(site_url="javascript:alert(1)", image="data:x")
    bad_feed = Feed.objects.create(url="file:///etc/passwd").id
    kept = Article.objects.create(
        origin="x",
        key_hash="1",
        item_key="1",
        url="https://a.example/1",
        image="https://a.example/i.png",
        html="<p>kept</p>",
    )
    dirty = Article.objects.create(
        origin="x",
        key_hash="2",
        item_key="2",
        url="https://a.example/2",
        image="javascript:alert(1)",
        html="",
        feed_content_html="<p onclick=alert(1)>feed text</p><script>alert(1)</script>",
        embeds=[{"platform": "x", "url": "javascript:alert(1)", "text": "post"}],
    )
    migration.forwards(apps, None)
    assert Feed.objects.get(id=good).site_url == "https://news.example/"
    assert Feed.objects.filter(id=bad_site).values_list("site_url", "image").get() == ("", "")
    disabled = Feed.objects.get(id=bad_feed)
    assert not disabled.active and "only http and https" in disabled.disabled_reason
    assert Article.objects.get(id=kept.id).image == "https://a.example/i.png"
    cleaned = Article.objects.get(id=dirty.id)
    assert cleaned.image == "" and cleaned.html == "<p>feed text</p>"
    assert cleaned.embeds == [{"platform": "x", "url": None, "text": "post"}]
