"""Each reader's own feeds: subscribe by site address, folders, OPML, views, unsubscribe, edits.

A site on 127.0.0.1 links to its feed; two readers follow it. The feed is one row fetched once;
neither reader sees the other's feeds, folders or read state; the feed goes with its last
reader and the articles a reader saved stay.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from broadsheet.pipeline import refresh_feeds
from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader.models import ArticleState, Subscription
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True)]
PASS = "a-long-pass-phrase"


@pytest.fixture(autouse=True)
def _readers_add_feeds(settings_env: pytest.MonkeyPatch) -> None:
    """These tests are about readers' own feeds: let any reader add new addresses."""
    settings_env.setenv("BROADSHEET_READER_FEEDS", "everyone")


def _rss(server: LocalServer, n: int = 3) -> str:
    items = "".join(
        f"<item><title>Harbour story {i}</title><link>{server.url(f'/story/{i}')}</link>"
        f"<guid>{server.url(f'/story/{i}')}</guid><description>Paragraph {i} about the harbour."
        f"</description><pubDate>Tue, 01 Dec 2026 0{i}:00:00 GMT</pubDate></item>"
        for i in range(1, n + 1)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Herald</title>'
        f"<link>{server.url('/')}</link><description>d</description>{items}</channel></rss>"
    )


@pytest.fixture
def site() -> Iterator[LocalServer]:
    """A home page that links to its RSS feed, and the article pages."""
    with LocalServer() as server:
        server.route(
            "/",
            body=(
                '<html><head><title>Harbour Herald</title><link rel="alternate" '
                'type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>'
            ),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        server.route(
            "/feed.xml", body=_rss(server), headers={"Content-Type": "application/rss+xml"}
        )
        for i in range(1, 4):
            server.route(
                f"/story/{i}",
                body=f"<html><body><article><p>Harbour story {i} in full.</p></article></body></html>",
                headers={"Content-Type": "text/html"},
            )
        yield server


def _reader(name: str) -> Client:
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {"username": name, "email": f"{name}@example.org", "password1": PASS, "password2": PASS},
    )
    assert response.status_code == 302
    return client


def _feed_requests(server: LocalServer) -> int:
    return sum(1 for r in server.requests if r.route == "/feed.xml")


def test_two_readers_share_one_feed_and_see_only_their_own(site: LocalServer) -> None:
    ana, ben = _reader("ana"), _reader("ben")  # ana is the administrator, ben a reader
    added = ben.post("/feeds/add", {"url": site.url("/"), "folder": "Local/Harbour"})
    feed = Feed.objects.get()
    assert feed.url == site.url("/feed.xml")  # discovered from the site's page
    assert added.status_code == 302 and added["Location"] == f"/feeds/{feed.id}/"
    view = ben.get(f"/feeds/{feed.id}/").content.decode()
    assert "Harbour story 3" in view and "Harbour Herald" in view
    assert "Local/Harbour" in view  # the sidebar's folder
    # Nobody else sees ben's feed: not another reader, not a visitor, not in OPML.
    cy = _reader("cy")
    assert "Harbour" not in cy.get("/feeds/").content.decode()
    assert cy.get(f"/feeds/{feed.id}/").status_code == 404
    assert cy.get("/folders/Local/Harbour/").status_code == 404
    assert "Harbour" not in cy.get("/unread/").content.decode()
    assert b"feed.xml" not in cy.get("/feeds/export.opml").content
    assert "Harbour" not in Client().get("/feeds/").content.decode()
    assert b"feed.xml" not in Client().get("/feeds/export.opml").content
    # Staff see every feed in the instance's list, marked private.
    assert "Harbour Herald" in ana.get("/feeds/").content.decode()
    # A second reader of the same address shares the feed: one row, fetched once per round.
    cy.post("/feeds/add", {"url": site.url("/feed.xml")})
    assert Feed.objects.count() == 1 and Subscription.objects.count() == 2
    before = _feed_requests(site)
    refresh_feeds([feed.id])
    assert _feed_requests(site) == before + 1
    assert "Local/Harbour" not in cy.get("/feeds/").content.decode()  # folders are ben's own


def test_unread_views_and_reading_marks_read(site: LocalServer) -> None:
    _reader("ana")
    ben = _reader("ben")
    ben.post("/feeds/add", {"url": site.url("/feed.xml"), "folder": "Harbour"})
    feed = Feed.objects.get()
    first = Article.objects.get(title="Harbour story 1")
    assert "Harbour story 1" in ben.get("/unread/").content.decode()
    assert ben.get(f"/articles/{first.id}/").status_code == 200  # opening marks it read
    assert "Harbour story 1" not in ben.get("/unread/").content.decode()
    assert "Harbour story 1" not in ben.get(f"/feeds/{feed.id}/?unread=1").content.decode()
    assert "Harbour story 1" in ben.get(f"/feeds/{feed.id}/").content.decode()
    folder = ben.get("/folders/Harbour/").content.decode()
    assert "Harbour story 2" in folder and 'class="count">2<' in folder
    ben.post("/feeds/read", {"folder": "Harbour", "back": "/unread/"})
    assert "Harbour story" not in ben.get("/unread/").content.decode()


def test_opml_round_trip_keeps_the_readers_folders(site: LocalServer) -> None:
    _reader("ana")
    ben = _reader("ben")
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Sea">'
        f'<outline type="rss" text="Herald" xmlUrl="{site.url("/feed.xml")}"/></outline>'
        "</body></opml>"
    ).encode()
    ben.post("/feeds/import", {"opml": SimpleUploadedFile("f.opml", opml, "text/x-opml")})
    out = ben.get("/feeds/export.opml").content.decode()
    assert site.url("/feed.xml") in out and 'text="Sea"' in out
    assert "Sea" in ben.get("/feeds/").content.decode()
    assert Subscription.objects.filter(user__username="ben").count() == 1


def test_rename_move_edit_and_who_may(site: LocalServer) -> None:
    ana, ben = _reader("ana"), _reader("ben")
    ben.post("/feeds/add", {"url": site.url("/feed.xml")})
    feed = Feed.objects.get()
    ben.post(
        f"/feeds/{feed.id}/edit",
        {"title": "My harbour", "folder": "Sea", "interval": "90", "pages": "1", "no_page": "1"},
    )
    page = ben.get("/feeds/").content.decode()
    assert "My harbour" in page and "feed text only" in page and "every 90 min" in page
    feed.refresh_from_db()
    assert feed.interval_minutes == 90 and feed.title == "Harbour Herald"  # the title is ben's
    # With a second reader, ben may no longer change how the shared feed is fetched.
    cy = _reader("cy")
    cy.post("/feeds/add", {"url": site.url("/feed.xml")})
    refused = ben.post(f"/feeds/{feed.id}/edit", {"interval": "30"}, follow=True)
    assert "only staff" in refused.content.decode()
    assert Feed.objects.get().interval_minutes == 90
    assert "My harbour" not in cy.get("/feeds/").content.decode()  # titles are per reader
    bad = ana.post(f"/feeds/{feed.id}/edit", {"interval": "2"}, follow=True)
    assert "out of range" in bad.content.decode()
    ana.post(f"/feeds/{feed.id}/edit", {"url": site.url("/feed.xml?v=2")})
    assert Feed.objects.get().url == site.url("/feed.xml?v=2")  # staff may


def test_text_only_feed_fetches_no_pages(site: LocalServer) -> None:
    _reader("ana")
    ben = _reader("ben")
    ben.post("/feeds/add", {"url": site.url("/feed.xml")})
    pages_first = sum(1 for r in site.requests if r.route.startswith("/story/"))
    assert pages_first == 3  # pages are fetched by default
    site.route("/feed.xml", body=_rss(site, 5), headers={"Content-Type": "application/rss+xml"})
    for i in (4, 5):
        site.route(f"/story/{i}", body="<p>x</p>", headers={"Content-Type": "text/html"})
    feed = Feed.objects.get()
    ben.post(f"/feeds/{feed.id}/edit", {"pages": "1", "no_page": "1"})
    ben.post(f"/feeds/{feed.id}/refresh", {"back": "/feeds/"})
    assert sum(1 for r in site.requests if r.route.startswith("/story/")) == pages_first
    new = Article.objects.get(title="Harbour story 5")
    assert new.content_source == "feed"


def test_unsubscribe_keeps_the_feed_for_others_and_saved_articles(site: LocalServer) -> None:
    _reader("ana")
    ben, cy = _reader("ben"), _reader("cy")
    ben.post("/feeds/add", {"url": site.url("/feed.xml")})
    cy.post("/feeds/add", {"url": site.url("/feed.xml")})
    feed = Feed.objects.get()
    saved = Article.objects.get(title="Harbour story 2")
    ben.post(f"/articles/{saved.id}/save", {"saved": "1"})
    ben.post(f"/feeds/{feed.id}/unsubscribe")
    link = f'href="/feeds/{feed.id}/"'
    assert Feed.objects.filter(id=feed.id).exists()
    assert link not in ben.get("/feeds/").content.decode()
    assert link in cy.get("/feeds/").content.decode()
    cy.post(f"/feeds/{feed.id}/unsubscribe")  # the last reader: the private feed goes
    assert not Feed.objects.exists()
    assert list(Article.objects.values_list("title", flat=True)) == ["Harbour story 2"]
    assert ArticleState.objects.filter(article=saved, saved=True).exists()
    assert "Harbour story 2" in ben.get("/saved/").content.decode()


def test_staff_add_for_everyone_and_readers_may_hide_it(site: LocalServer) -> None:
    ana, ben = _reader("ana"), _reader("ben")
    assert ben.post("/feeds/add", {"url": site.url("/"), "everyone": "1"}).status_code == 403
    assert not Feed.objects.exists()
    ana.post("/feeds/add", {"url": site.url("/"), "everyone": "1"})
    feed = Feed.objects.get()
    assert not Subscription.objects.exists()  # the instance's feed: everyone follows it
    assert "Harbour Herald" in ben.get("/feeds/").content.decode()
    assert "Harbour Herald" in Client().get("/feeds/").content.decode()
    ben.post(f"/feeds/{feed.id}/unsubscribe")
    assert f'href="/feeds/{feed.id}/"' not in ben.get("/feeds/").content.decode()
    assert Feed.objects.filter(id=feed.id).exists()
    assert ben.post(f"/feeds/{feed.id}/delete").status_code == 403
    assert User.objects.get(username="ana").is_staff
    ana.post(f"/feeds/{feed.id}/delete")
    assert not Feed.objects.exists()


def test_reading_views_do_not_query_per_feed() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.storage import feeds
    from broadsheet.storage.reader import subscriptions as subs

    _reader("ana")
    ben = _reader("ben")
    user = User.objects.get(username="ben")

    def add(n: int) -> int:
        feed_id, _ = feeds.add_feed(f"https://f{n}.example/feed.xml", title=f"Feed {n}")
        subs.follow(user.id, feed_id, private=True)
        return feed_id

    first = add(0)
    counts = []
    for more in (0, 6):
        for n in range(1, more + 1):
            add(n)
        for path in (f"/feeds/{first}/", "/unread/"):
            ben.get(path)  # the shared per-feed totals are counted once, then remembered
            with CaptureQueriesContext(connection) as queries:
                assert ben.get(path).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts  # seven feeds cost what one does


def test_unread_counts_follow_reads_mutes_and_new_articles(site: LocalServer) -> None:
    from broadsheet import reading

    _reader("ana")
    ben = _reader("ben")
    ben.post("/feeds/add", {"url": site.url("/feed.xml")})
    uid = User.objects.get(username="ben").id
    feed = Feed.objects.get()

    def unread() -> int:
        return reading.sidebar(uid).unread

    assert unread() == 3
    ben.get(f"/articles/{Article.objects.get(title='Harbour story 1').id}/")
    assert unread() == 2  # a read shows at once, though the totals are remembered
    site.route("/feed.xml", body=_rss(site, 5), headers={"Content-Type": "application/rss+xml"})
    refresh_feeds([feed.id])
    assert unread() == 4  # new articles too: the totals are keyed by the newest article
    source_id = Article.objects.filter(feed=feed).values_list("source_id", flat=True).first()
    assert source_id is not None
    ben.post(f"/sources/{source_id}/mute", {"muted": "1"})
    assert unread() == 0


def test_by_default_only_staff_add_new_feeds_and_readers_follow_the_instances(
    site: LocalServer, settings_env: pytest.MonkeyPatch
) -> None:
    settings_env.setenv("BROADSHEET_READER_FEEDS", "staff")
    ana, ben = _reader("ana"), _reader("ben")  # ana is the administrator, ben a reader
    refused = ben.post("/feeds/add", {"url": site.url("/feed.xml")}, follow=True)
    page = refused.content.decode()
    assert refused.status_code == 200 and "only staff add new ones" in page
    assert not Feed.objects.exists()  # nothing reaches every reader's front page
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="Herald" xmlUrl="{site.url("/feed.xml")}"/></body></opml>'
    ).encode()
    upload = SimpleUploadedFile("mine.opml", opml, content_type="text/x-opml")
    imported = ben.post("/feeds/import", {"opml": upload}, follow=True).content.decode()
    assert "1 feed left out" in imported and not Feed.objects.exists()
    # Staff add it; the reader then follows it in a folder of their own.
    assert ana.post("/feeds/add", {"url": site.url("/feed.xml")}).status_code == 302
    feed = Feed.objects.get()
    followed = ben.post("/feeds/add", {"url": site.url("/feed.xml"), "folder": "Port"})
    assert followed.status_code == 302 and followed["Location"] == f"/feeds/{feed.id}/"
    assert "Port" in ben.get("/feeds/").content.decode()
