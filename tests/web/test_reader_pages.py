"""Article, search, comment, alert and moderation pages through Django's test client."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet import reading
from broadsheet.pipeline import import_articles
from broadsheet.search import index
from broadsheet.web import panels
from broadsheet.web.body import blocks

pytestmark = pytest.mark.django_db

POST = "\n".join(
    [
        "The mayor opened the new tram line this morning.",
        "",
        "Crowds lined the route as the first tram left the depot.",
        "Service starts at six tomorrow. Thanks for your patience!",
        "— City Transit (@CityTransit) November 21, 2026",
        "",
        "Officials said the line would carry 40,000 people a day. Critics disagreed.",
    ]
)


def _import(title: str = "Tram line opens", text: str = POST, source: str = "Example News") -> int:
    rec = {
        "url": f"https://{source.split()[0].lower()}.example/{abs(hash(title))}",
        "title": title,
        "text": text,
        "source": source,
        "authors": ["Ana Ruiz"],
        "published": (timezone.now() - timedelta(minutes=38)).isoformat(),
    }
    ids = import_articles([json.dumps(rec)]).ids
    index(ids)
    return ids[0]


@pytest.fixture
def ana(client: Client) -> Client:
    User.objects.create_user("ana", "ana@example.org", "pw")
    client.login(username="ana", password="pw")
    return client


def test_embed_card_is_inline_where_the_post_was() -> None:
    body, leftover = blocks(
        POST,
        [
            {
                "platform": "x",
                "handle": "@CityTransit",
                "text": "Crowds lined the route as the first tram left the depot.",
            }
        ],
    )
    kinds = ["embed" if b.embed else "p" for b in body]
    assert kinds == ["p", "embed", "p"] and leftover == []
    assert body[2].sentences[0][0] == 5  # numbering continues past the embedded sentences


def test_article_page_sentences_embed_comments(client: Client) -> None:
    a = _import()
    html = client.get(f"/articles/{a}/").content.decode()
    assert 'class="s" id="s-' in html and "38 minutes ago" in html and "UTC" in html
    assert html.index("embed embed-x") < html.index("carry 40,000")
    assert "Sign in</a> or" in html  # comments need an account


def test_search_page_highlights_and_filters(client: Client) -> None:
    _import()
    _import("Bus news", "Buses as usual.", source="Other Paper")
    html = client.get("/search/?q=tram").content.decode()
    assert "<mark>Tram</mark> line opens" in html and "1 result" in html
    assert "Bus news" not in html
    assert "0 results" in client.get("/search/?q=tram&source=Other+Paper").content.decode()
    fragment = client.get("/search/?q=buses", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Bus news" in fragment
    assert client.get("/search/?q=%22&since=bad").status_code == 200


def test_comment_flow_with_htmx_fragments(ana: Client) -> None:
    a = _import()
    r = ana.post(
        "/comments/add",
        {"article_id": a, "text": "Great <b>news</b> https://x.example"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert "<html" not in html and "&lt;b&gt;news" in html and 'href="https://x.example"' in html
    cid = int(html.split('id="comment-')[1].split('"')[0])
    assert (
        "Edit your comment"
        in ana.get(f"/comments/{cid}/edit", HTTP_HX_REQUEST="true").content.decode()
    )
    ana.post(f"/comments/{cid}/edit", {"text": "Changed"})
    assert "Changed" in ana.get(f"/articles/{a}/").content.decode()
    r = ana.post("/comments/add", {"article_id": a, "text": "Changed"}, HTTP_HX_REQUEST="true")
    assert "same text" in r.content.decode()
    ana.post(f"/comments/{cid}/delete")
    assert "No comments yet" in ana.get(f"/articles/{a}/").content.decode()


def test_others_cannot_edit_and_anonymous_cannot_comment(client: Client) -> None:
    a = _import()
    assert client.post("/comments/add", {"article_id": a, "text": "hi"}).status_code == 302
    User.objects.create_user("ana", password="pw")
    client.login(username="ana", password="pw")
    client.post("/comments/add", {"article_id": a, "text": "mine"})
    client.logout()
    User.objects.create_user("bob", password="pw")
    client.login(username="bob", password="pw")
    html = client.get(f"/articles/{a}/").content.decode()
    assert "mine" in html and "/edit" not in html
    assert client.post("/comments/1/edit", {"text": "bob's"}, follow=True).status_code == 200
    assert "bob&#39;s" not in client.get(f"/articles/{a}/").content.decode()


def test_moderation_queue_is_staff_only(ana: Client) -> None:
    a = _import()
    ana.post(
        "/comments/add",
        {"article_id": a, "text": "x http://1.example http://2.example http://3.example"},
    )
    assert ana.get("/moderation/").status_code == 302
    User.objects.create_user("mod", password="pw", is_staff=True)
    staff = Client()
    staff.login(username="mod", password="pw")
    page = staff.get("/moderation/").content.decode()
    assert "3 links" in page and "Approve" in page


def test_alert_preview_and_save(ana: Client) -> None:
    _import()
    r = ana.post("/alerts/preview", {"rule": "tram and not source = other.example"})
    assert "<strong>1</strong> article matched" in r.content.decode()
    assert "Unknown field" in ana.post("/alerts/preview", {"rule": "x = y"}).content.decode()
    r = ana.post("/alerts/", {"name": "Trams", "rule": "tram"}, follow=True)
    assert "1 matches in the last 30 days" in r.content.decode()
    (made,) = reading.user_alerts(User.objects.get(username="ana").id)
    assert "Tram line opens" in ana.get(f"/alerts/{made.id}/").content.decode()


def test_ask_fragment_and_panels(client: Client) -> None:
    a = _import()
    html = client.post(
        "/ask", {"question": "How many people will the line carry?", "ids": str(a)}
    ).content.decode()
    assert "<html" not in html
    assert "40,000" in html or "do not answer" in html


def test_story_and_front_page_when_stories_exist(client: Client) -> None:
    a = _import()
    story = panels.article_story(a)
    home = client.get("/").content.decode()
    assert story is not None, "the story engine places every article in a story"
    assert story.headline in home
    page = client.get(f"/stories/{story.id}/").content.decode()
    assert "Example News" in page and "Timeline" in page
    assert "Ask about this story" in page
    assert client.get("/stories/999999/").status_code == 404


def test_source_page_and_saved(ana: Client) -> None:
    a = _import()
    assert "Tram line opens" in ana.get("/sources/example.example/").content.decode()
    assert ana.get("/sources/nope.example/").status_code == 404
    ana.post(f"/articles/{a}/save", {"saved": "1"})
    assert "Tram line opens" in ana.get("/saved/").content.decode()


def test_feeds_page_reader_state(ana: Client) -> None:
    from broadsheet.storage import feeds

    feeds.add_feed("https://feeds.example/rss.xml", title="Example feed")
    html = ana.get("/feeds/").content.decode()
    assert "Unread" in html and "Your saved articles" in html
    a = _import()
    from broadsheet.storage.models import Article

    source_id = Article.objects.get(id=a).source_id
    ana.post(f"/sources/{source_id}/mute", {"muted": "1"})
    page = ana.get("/feeds/").content.decode()
    assert "Muted outlets" in page and "Example News" in page
    assert "Tram line opens" not in ana.get("/latest/").content.decode()


def test_hashtags_entities_and_sections(ana: Client) -> None:
    a = _import()
    ana.post(f"/articles/{a}/tags", {"tag": "#Transport"})
    html = ana.get(f"/articles/{a}/").content.decode()
    assert "/tags/Transport/" in html or "/tags/transport/" in html
    tag = "Transport" if "/tags/Transport/" in html else "transport"
    assert "Tram line opens" in ana.get(f"/tags/{tag}/").content.decode()
    ana.post(f"/articles/{a}/tags", {"tag": tag, "remove": "1"})
    assert f"/tags/{tag}/" not in ana.get(f"/articles/{a}/").content.decode()
    intel = panels.article_intel(a)
    if intel and intel.entities:
        name = intel.entities[0].name
        assert "Tram line opens" in ana.get(f"/entities/{name}/").content.decode()
