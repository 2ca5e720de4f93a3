"""Reading from lists: "mark read up to here", marking read on scroll (a setting) and thumbnails.

A feed of 30 dated articles in the database; a reader's unread, feed, folder and latest lists.
"Up to here" marks exactly the rows sent (from the top down to the chosen one) once each is
checked against the list's own definition; ids of other lists, too many ids and visitors are
refused and nothing is marked. Thumbnails come from the article's image, http(s) only.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet import reading
from broadsheet.reading._list_marks import READ_UP_TO_LIMIT
from broadsheet.storage.models import Article, Category, Feed
from broadsheet.storage.reader.models import ArticleState

pytestmark = pytest.mark.django_db
PASS = "a-long-pass-phrase"
JSON = {"HTTP_ACCEPT": "application/json"}


def _feed(name: str, n: int, *, folder: str = "") -> list[int]:
    """A feed with ``n`` articles, newest first in the returned ids (one hour apart)."""
    category = Category.objects.create(title=folder) if folder else None
    feed = Feed.objects.create(
        url=f"https://{name}.example/feed.xml", title=name.title(), category=category
    )
    now = timezone.now()
    ids = []
    for i in range(n):
        a = Article.objects.create(
            origin=f"feed:{feed.id}",
            key_hash=f"{name}{i}",
            item_key=f"{name}-{i}",
            key_kind="guid",
            feed=feed,
            url=f"https://{name}.example/{i}",
            title=f"{name.title()} item {i}",
            text=f"Text of item {i}.",
            published_at=now - timedelta(hours=i),
            image=f"https://img.{name}.example/{i}.jpg" if i % 2 == 0 else "",
        )
        ids.append(a.id)
    return ids


@pytest.fixture
def reader(client: Client) -> Client:
    User.objects.create_user("ruth", "ruth@example.org", PASS)
    client.login(username="ruth", password=PASS)
    return client


def _read(ids: list[int]) -> set[int]:
    qs = ArticleState.objects.filter(article_id__in=ids, read=True)
    return set(qs.values_list("article_id", flat=True))


def _rows(html: str) -> list[int]:
    return [
        int(i) for i in re.findall(r'<li class="(?:entry|card)[^"]*"[^>]* data-id="(\d+)"', html)
    ]


def _form(html: str) -> dict[str, str]:
    form = html[
        html.index('<form id="upto"') : html.index("</form>", html.index('<form id="upto"'))
    ]
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


def test_up_to_here_marks_exactly_the_rows_down_to_the_target(reader: Client) -> None:
    ids = _feed("harbour", 30)
    html = reader.get("/unread/").content.decode()
    shown = _rows(html)
    assert shown == ids[: len(shown)] and len(shown) > 12
    form = _form(html) | {"to": str(shown[11])}
    r = reader.post("/articles/read-up-to", form, **JSON)
    assert r.status_code == 200 and r.json()["message"] == "12 articles marked read."
    assert _read(ids) == set(shown[:12]) and r.json()["ids"] == shown[:12]
    # the same again marks nothing new (already read), and the page lists only the rest
    again = reader.post("/articles/read-up-to", form, **JSON).json()
    assert again["marked"] == 0 and again["message"] == "0 articles marked read."
    assert _rows(reader.get("/unread/").content.decode())[0] == shown[12]


def test_without_javascript_the_form_redirects_back_with_a_message(reader: Client) -> None:
    ids = _feed("harbour", 8, folder="News")
    feed_id = Feed.objects.get().id
    html = reader.get(f"/feeds/{feed_id}/").content.decode()
    form = _form(html)
    assert form["list"] == "feed" and form["feed"] == str(feed_id)
    assert f'form="upto" name="to" value="{ids[2]}"' in html
    r = reader.post("/articles/read-up-to", form | {"to": str(ids[2])})
    assert r.status_code == 302 and r["Location"] == f"/feeds/{feed_id}/"
    assert _read(ids) == set(ids[:3])
    page = reader.get(r["Location"]).content.decode()
    assert "3 articles marked read." in page
    # the folder list and the latest list offer it too, from their own definitions
    folder = _form(reader.get("/folders/News/").content.decode())
    assert folder["list"] == "folder" and folder["folder"] == "News"
    reader.post("/articles/read-up-to", folder | {"to": str(ids[4])})
    assert _read(ids) == set(ids[:5])
    latest = _form(reader.get("/latest/").content.decode())
    assert latest["list"] == "latest"
    reader.post("/articles/read-up-to", latest | {"to": str(ids[5])})
    assert _read(ids) == set(ids[:6])


def test_ids_outside_the_readers_list_are_refused_and_nothing_is_marked(reader: Client) -> None:
    ids = _feed("harbour", 5)
    other = _feed("valley", 3)
    feed_id = Feed.objects.get(title="Harbour").id
    scope = {"list": "feed", "feed": str(feed_id), "before": "", "back": "/unread/"}
    r = reader.post("/articles/read-up-to", scope | {"ids": f"{ids[0]},{other[0]}"}, **JSON)
    assert r.status_code == 400 and f"not in this list ({other[0]})" in r.json()["error"]
    assert _read(ids + other) == set()
    # a cursor bounds the list: a row newer than the page's first one is not on it
    from broadsheet.web.views._common import encode_cursor

    a1 = Article.objects.get(id=ids[1])
    below = scope | {"before": encode_cursor(a1.published_at, a1.id)}
    r = reader.post("/articles/read-up-to", below | {"ids": f"{ids[0]},{ids[2]}"}, **JSON)
    assert r.status_code == 400 and _read(ids) == set()
    assert (
        reader.post("/articles/read-up-to", below | {"ids": str(ids[2])}, **JSON).json()["marked"]
        == 1
    )
    # a feed the reader does not follow, an unknown list, a target not sent: refused
    private = {"list": "feed", "feed": "999999", "ids": str(ids[3])}
    assert "do not follow" in reader.post("/articles/read-up-to", private, **JSON).json()["error"]
    assert reader.post("/articles/read-up-to", {"list": "x", "ids": "1"}, **JSON).status_code == 400
    missing = scope | {"ids": str(ids[3]), "to": str(ids[4])}
    assert (
        "not on this page" in reader.post("/articles/read-up-to", missing, **JSON).json()["error"]
    )
    # a form post that fails says why on the page it came from
    r = reader.post("/articles/read-up-to", scope | {"ids": str(other[1])}, follow=True)
    assert "Nothing marked:" in r.content.decode() and _read(other) == set()


def test_a_muted_outlets_articles_are_not_in_the_latest_list(reader: Client) -> None:
    from broadsheet.storage.models import Source

    ids = _feed("harbour", 2)
    source = Source.objects.create(domain="harbour.example", name="Harbour")
    Article.objects.filter(id=ids[0]).update(source=source)
    reading.mute_source(User.objects.get().id, source.id)
    r = reader.post("/articles/read-up-to", {"list": "latest", "ids": f"{ids[0]},{ids[1]}"}, **JSON)
    assert r.status_code == 400 and _read(ids) == set()


def test_the_cap(reader: Client) -> None:
    user = User.objects.get()
    ids = _feed("harbour", READ_UP_TO_LIMIT + 1)
    too_many = ",".join(map(str, ids))
    r = reader.post("/articles/read-up-to", {"list": "unread", "ids": too_many}, **JSON)
    assert r.status_code == 400 and f"more than {READ_UP_TO_LIMIT}" in r.json()["error"]
    assert _read(ids) == set()
    exactly = reading.mark_read_up_to(user.id, reading.ListScope("unread"), ids[:READ_UP_TO_LIMIT])
    assert exactly == READ_UP_TO_LIMIT and _read(ids) == set(ids[:READ_UP_TO_LIMIT])


def test_visitors_are_refused_clearly(client: Client) -> None:
    ids = _feed("harbour", 3)
    r = client.post("/articles/read-up-to", {"list": "latest", "ids": str(ids[0])}, **JSON)
    assert r.status_code == 403 and r.json() == {"error": "Sign in to mark articles read."}
    r = client.post(
        "/articles/read-up-to", {"list": "latest", "ids": str(ids[0]), "back": "/latest/"}
    )
    assert r.status_code == 302 and r["Location"] == "/accounts/login/?next=/latest/"
    html = client.get("/latest/").content.decode()
    assert 'id="upto"' not in html and "mark read up to here" not in html
    assert "data-scroll-read" not in html and ArticleState.objects.count() == 0
    assert client.get("/articles/read-up-to").status_code == 405


def test_scroll_read_is_a_setting_off_by_default_that_lists_carry(reader: Client) -> None:
    _feed("harbour", 3, folder="News")
    feed_id = Feed.objects.get().id
    pages = ["/unread/", f"/feeds/{feed_id}/", "/folders/News/", "/latest/"]
    for page in pages:
        html = reader.get(page).content.decode()
        assert "data-list" in html and "data-scroll-read" not in html, page
    settings = reader.get("/accounts/fever/").content.decode()
    assert 'name="scroll_read" value="1">' in settings  # unchecked
    r = reader.post("/accounts/reading", {"scroll_read": ["0", "1"]})
    assert r.status_code == 302 and r["Location"] == "/accounts/fever/"
    assert reading.scroll_read(User.objects.get().id)
    for page in pages:
        assert "data-scroll-read" in reader.get(page).content.decode(), page
    assert 'name="scroll_read" value="1" checked' in reader.get("/accounts/fever/").content.decode()
    # another browser of the same reader has it too; the hidden 0 alone turns it off
    other = Client()
    other.login(username="ruth", password=PASS)
    assert "data-scroll-read" in other.get("/unread/").content.decode()
    other.post("/accounts/reading", {"scroll_read": "0", "back": "/unread/"})
    assert not reading.scroll_read(User.objects.get().id)
    assert reading.scroll_read(None) is False


def test_rows_show_the_articles_image_as_a_thumbnail(reader: Client) -> None:
    ids = _feed("harbour", 4)
    Article.objects.filter(id=ids[2]).update(image="javascript:alert(1)")  # past the store's guard
    Article.objects.filter(id=ids[1]).update(image="data:image/svg+xml,<svg onload=alert(1)>")
    Article.objects.filter(id=ids[3]).update(image="//evil.example/x.png")
    for page in ("/unread/", "/latest/", f"/feeds/{Feed.objects.get().id}/"):
        html = reader.get(page).content.decode()
        thumbs = re.findall(r'<img class="thumb" src="([^"]*)"([^>]*)>', html)
        assert [src for src, _ in thumbs] == ["https://img.harbour.example/0.jpg"], page
        attrs = thumbs[0][1]
        for want in (
            'alt=""',
            'loading="lazy"',
            'decoding="async"',
            'referrerpolicy="no-referrer"',
            'width="96" height="64"',
        ):
            assert want in attrs, (page, want)
        assert "javascript:" not in html and "data:image" not in html and "evil.example" not in html
    # the view models carry it (one query for the page, none per row)
    user = User.objects.get()
    listing = reading.feed_listing(user.id)
    assert [i.image for i in listing.items] == ["https://img.harbour.example/0.jpg", "", "", ""]
    assert reading.newest_articles(4)[0].image == "https://img.harbour.example/0.jpg"


def test_thumbnails_cost_no_query_per_row(reader: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader.get("/unread/")
    _feed("harbour", 4)
    with CaptureQueriesContext(connection) as few:  # each the first view after new articles
        reader.get("/unread/")
    _feed("valley", 30)
    with CaptureQueriesContext(connection) as many:
        html = reader.get("/unread/").content.decode()
    assert html.count('class="thumb"') > 10
    assert len(many) == len(few), json.dumps([q["sql"][:120] for q in many.captured_queries])
