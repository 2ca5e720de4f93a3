"""Outlets are publishers, not hosts: feeds sharing a host are separate outlets, one publisher's
feeds are one, and every outlet has its own name and page (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.pipeline import extract_articles, import_opml, refresh_feeds, subscribe
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed, Source
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]
RSS_TYPE = {"Content-Type": "application/rss+xml"}
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}


def _rss(title: str, link: str, items: list[tuple[str, str]]) -> str:
    now = datetime.now(UTC)
    body = "".join(
        f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(minutes=5 * n))}</pubDate>"
        f"<description>{t}: what the council decided on the harbour wall.</description></item>"
        for n, (t, u) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{link}</link><description>d</description>"
        f"{body}</channel></rss>"
    )


PARAGRAPHS = [
    "The harbour committee met on {day} evening and voted to repair the sea wall.",
    "Engineers warned that {n} sections could fail before the winter storms arrive.",
    "Residents of {street} asked for a public meeting about the cost of the repairs.",
    "The work on {street} is to start in {month} and last until the spring.",
]
WORDS = {
    "day": ["Monday", "Tuesday", "Friday", "Sunday"],
    "n": ["two", "three", "five", "seven"],
    "street": ["Quay Lane", "Mill Road", "Bridge Street", "Salt Row"],
    "month": ["March", "April", "June", "October"],
}


def _page(title: str, site_name: str, seed: int) -> str:
    words = {k: v[(seed + i) % len(v)] for i, (k, v) in enumerate(WORDS.items())}
    text = "".join(f"<p>{title}. {p.format(**words)} {p.format(**words)}</p>" for p in PARAGRAPHS)
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>'
        f'<meta property="og:site_name" content="{site_name}"></head><body><article>'
        f"<h1>{title}</h1>{text}</article></body></html>"
    )


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        local.robots = "User-agent: *\nAllow: /\n"
        yield local


def _serve(server: LocalServer, name: str, title: str, link: str, site_name: str = "") -> str:
    """Serve a feed of two items at /<name>.xml whose pages are on the same server."""
    items = [(f"{title} story {n}", server.url(f"/{name}/{n}.html")) for n in (1, 2)]
    server.route(f"/{name}.xml", body=_rss(title, link, items), headers=RSS_TYPE)
    for n, (headline, url) in enumerate(items):
        page = _page(headline, site_name or title, len(name) * 7 + sum(map(ord, name)) + n)
        server.route(url.removeprefix(server.base_url), body=page, headers=HTML_TYPE)
    return server.url(f"/{name}.xml")


def _refresh_all() -> list[int]:
    report = refresh_feeds(feeds.feed_ids())
    extract_articles(report.new_article_ids)
    return report.new_article_ids


def _outlet_page(client: Client, key: str) -> str:
    page = client.get(f"/sources/{key}/")
    assert page.status_code == 200, key
    return page.content.decode()


def test_three_local_feeds_are_three_outlets_with_their_own_names(server: LocalServer) -> None:
    titles = ["Broken Gazette", "Quiet Ledger", "Harbour Herald"]
    for n, title in enumerate(titles):
        subscribe(_serve(server, f"f{n}", title, server.url("/")))
    _refresh_all()
    outlets = {s.name: s for s in Source.objects.all()}
    assert sorted(outlets) == sorted(titles)
    client = Client()
    latest = client.get("/latest/").content.decode()
    front = client.get("/").content.decode()
    for title, source in outlets.items():
        assert source.domain == f"127.0.0.1:{server.port}/{title.lower().replace(' ', '-')}"
        assert f'href="/sources/{source.domain}/">{title}<' in latest, title
        assert title in front, title
        assert Article.objects.filter(source=source).count() == 2
        page = _outlet_page(client, source.domain)
        assert f"{title} story 1" in page
        assert all(f"{other} story 1" not in page for other in titles if other != title)


def test_two_feeds_of_one_publisher_are_one_outlet_named_without_the_section(
    server: LocalServer,
) -> None:
    subscribe(_serve(server, "w", "Harbour Post - World", "https://www.harbour-post.example/world"))
    subscribe(_serve(server, "b", "Harbour Post - Business", "https://harbour-post.example/biz"))
    _refresh_all()
    (outlet,) = Source.objects.all()
    assert outlet.domain == "harbour-post.example"
    # the pages' own site name ("Harbour Post - World" and "- Business" disagree) does not win
    assert outlet.name == "Harbour Post"
    assert Article.objects.filter(source=outlet).count() == 4
    page = _outlet_page(Client(), "harbour-post.example")
    assert "Harbour Post - World story 1" in page and "Harbour Post - Business story 2" in page


def test_pages_that_agree_name_the_outlet_over_its_feed_title(server: LocalServer) -> None:
    subscribe(
        _serve(server, "w", "Daily Lamp - World", "https://lamp.example/world", "The Daily Lamp")
    )
    _refresh_all()
    assert Source.objects.get().name == "The Daily Lamp"
    assert "The Daily Lamp" in Client().get("/latest/").content.decode()


def test_a_name_an_admin_gave_is_kept(server: LocalServer) -> None:
    subscribe(_serve(server, "w", "Lamp - World", "https://lamp.example/world", "The Daily Lamp"))
    Source.objects.update(name="Lamp (regional)")
    subscribe(_serve(server, "b", "Lamp - Business", "https://lamp.example/biz", "The Daily Lamp"))
    _refresh_all()
    assert Source.objects.get().name == "Lamp (regional)"


def test_tenants_of_multi_tenant_hosts_are_separate_outlets(server: LocalServer) -> None:
    subscribe(_serve(server, "a", "Alice writes", "https://medium.com/@alice?source=rss"))
    subscribe(_serve(server, "b", "Bob writes", "https://medium.com/@bob?source=rss"))
    subscribe(_serve(server, "g", "Gadget Blog", "https://feeds.feedburner.com/GadgetBlog"))
    subscribe(_serve(server, "t", "Tool Blog", "http://feedproxy.google.com/ToolBlog"))
    _refresh_all()
    keys = dict(Source.objects.values_list("domain", "name"))
    assert keys == {
        "medium.com/@alice": "Alice writes",
        "medium.com/@bob": "Bob writes",
        "feeds.feedburner.com/gadgetblog": "Gadget Blog",
        "feeds.feedburner.com/toolblog": "Tool Blog",
    }
    client = Client()
    for key, name in keys.items():
        assert f"{name} story 1" in _outlet_page(client, key)
    assert client.get("/sources/medium.com/@carol/").status_code == 404
    # the bylines link to them
    latest = client.get("/latest/").content.decode()
    assert 'href="/sources/medium.com/@alice/"' in latest


def test_a_feed_moves_to_its_publisher_when_its_first_fetch_tells_its_site(
    server: LocalServer,
) -> None:
    url = _serve(server, "w", "Harbour Post - World", "https://harbour-post.example/world")
    opml = f'<opml version="2.0"><body><outline type="rss" xmlUrl="{url}" text="HP"/></body></opml>'
    import_opml(opml)
    feed = Feed.objects.get()
    assert feed.source is not None and feed.source.domain == f"127.0.0.1:{server.port}/hp"
    ben = User.objects.create_user("ben", password="pw")
    from broadsheet.storage.reader.queries import mute_source, muted_sources

    mute_source(ben.id, feed.source_id)
    _refresh_all()
    (outlet,) = Source.objects.all()  # the host-keyed outlet, left empty, is gone
    assert outlet.domain == "harbour-post.example" and outlet.name == "Harbour Post - World"
    assert Article.objects.filter(source=outlet).count() == 2
    assert muted_sources(ben.id) == {outlet.id}  # the reader's mute followed the feed


def test_a_feed_added_without_an_outlet_gets_one_when_fetched(server: LocalServer) -> None:
    feed_id, _ = feeds.add_feed(_serve(server, "w", "Quiet Ledger", server.url("/")))
    assert Feed.objects.get().source is None
    refresh_feeds([feed_id])
    source = Feed.objects.get().source
    assert source is not None and source.name == "Quiet Ledger"
    assert set(Article.objects.values_list("source_id", flat=True)) == {source.id}


def test_imported_articles_of_a_local_site_have_their_own_outlet_page() -> None:
    import json

    from django.urls import reverse

    from broadsheet.pipeline import import_articles

    record = {"url": "http://localhost:8080/a/1", "title": "Yerel haber", "text": "Metin. " * 30}
    import_articles([json.dumps(record | {"source": "Tüm Haberler"})])
    import_articles([json.dumps(record | {"url": "http://localhost:8080/b/1", "source": "Other"})])
    source = Source.objects.get(name="Tüm Haberler")
    assert source.domain == "localhost:8080/tüm-haberler"
    url = reverse("source", args=[source.domain])
    assert url == "/sources/localhost:8080/t%C3%BCm-haberler/"
    page = Client().get(url)
    assert page.status_code == 200 and "Yerel haber" in page.content.decode()
    assert Source.objects.filter(name="Other", domain="localhost:8080/other").exists()
