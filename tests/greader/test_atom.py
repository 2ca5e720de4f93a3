"""The Atom stream endpoint older clients read: /reader/atom/<stream id> with n, c, xt, ot."""

from __future__ import annotations

from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from broadsheet.storage import feeds
from broadsheet.storage.models import Article
from tests.greader.conftest import Reader

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
NS = {"a": "http://www.w3.org/2005/Atom", "gr": "http://www.google.com/schemas/reader/atom/"}
SCHEME = "http://www.google.com/reader/"
TECH = "feed/https://tech.example/feed.xml"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


def atom(reader: Reader, stream: str, status: int = 200, **params: object) -> ET.Element:
    response = reader.get("/reader/atom/" + quote(stream, safe=""), status, **params)
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_ids(feed: ET.Element) -> list[int]:
    ids = [e.findtext("a:id", namespaces=NS) or "" for e in feed.findall("a:entry", NS)]
    return [int(i.rsplit("/", 1)[-1], 16) for i in ids]


def terms(entry: ET.Element) -> set[str]:
    return {c.get("term", "") for c in entry.findall("a:category", NS) if c.get("scheme") == SCHEME}


def test_a_feed_stream_as_google_reader_atom(reader: Reader, stocked: dict[str, list[int]]) -> None:
    feed = atom(reader, TECH, n=100)
    assert feed.findtext("a:title", namespaces=NS) == "Tech feed"
    assert feed.findtext("a:id", namespaces=NS) == f"tag:google.com,2005:reader/{TECH}"
    assert entry_ids(feed) == stocked["tech"]  # newest first
    entry = feed.findall("a:entry", NS)[0]
    ident = entry.find("a:id", NS)
    assert ident is not None and ident.get(f"{{{NS['gr']}}}original-id") == "https://tech.example/0"
    assert terms(entry) == {"user/-/state/com.google/reading-list", "user/-/label/Tech"}
    assert entry.findtext("a:title", namespaces=NS) == "tech story 0"
    assert entry.findtext("a:author/a:name", namespaces=NS) == "Ana Ruiz"
    link = entry.find("a:link", NS)
    assert link is not None and link.get("href") == "https://tech.example/0"
    content = entry.find("a:content", NS)
    assert content is not None and content.get("type") == "html"
    assert "<p>tech 0</p>" in (content.text or "")  # sanitised through the reading layer
    assert "script" not in (content.text or "") and "onclick" not in (content.text or "")
    source = entry.find("a:source", NS)
    assert source is not None and source.get(f"{{{NS['gr']}}}stream-id") == TECH


def test_read_and_starred_show_as_categories_and_xt_leaves_read_out(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    first, second = stocked["tech"][:2]
    reader.post("edit-tag", {"i": str(first), "a": READ})
    reader.post("edit-tag", {"i": str(second), "a": STARRED})
    feed = atom(reader, TECH)
    by_id = dict(zip(entry_ids(feed), feed.findall("a:entry", NS), strict=True))
    assert READ in terms(by_id[first]) and STARRED not in terms(by_id[first])
    assert STARRED in terms(by_id[second]) and READ not in terms(by_id[second])
    assert entry_ids(atom(reader, TECH, xt=READ)) == stocked["tech"][1:]


def test_n_and_the_continuation_page_through_a_stream(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    everything = "user/-/state/com.google/reading-list"
    seen: list[int] = []
    params: dict[str, object] = {"n": 3}
    while True:
        feed = atom(reader, everything, **params)
        page = entry_ids(feed)
        assert len(page) <= 3
        seen += page
        more = feed.findtext("gr:continuation", namespaces=NS)
        if not more:
            break
        params = {"n": 3, "c": more}
    assert sorted(seen) == sorted(i for k, v in stocked.items() if "feed" not in k for i in v)
    assert len(seen) == len(set(seen))


def test_ot_keeps_newer_items_and_r_o_orders_oldest_first(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    cut = Article.objects.get(id=stocked["tech"][2]).published_at
    assert cut is not None
    newer = entry_ids(atom(reader, TECH, ot=int(cut.timestamp())))
    assert set(newer) == set(stocked["tech"][:3])
    assert entry_ids(atom(reader, TECH, r="o")) == stocked["tech"][::-1]


def test_outlet_folder_and_state_streams(reader: Reader, stocked: dict[str, list[int]]) -> None:
    subs = reader.json("subscription/list")["subscriptions"]
    paper = next(s["id"] for s in subs if s["title"] == "Paper")
    outlet = atom(reader, paper)
    assert outlet.findtext("a:title", namespaces=NS) == "Paper"
    assert entry_ids(outlet) == stocked["imported"]
    assert entry_ids(atom(reader, "user/-/label/Tech")) == stocked["tech"]
    reader.post("edit-tag", {"i": str(stocked["misc"][0]), "a": STARRED})
    assert entry_ids(atom(reader, STARRED)) == [stocked["misc"][0]]


def test_bad_requests_are_clear_errors(
    client: Client, reader: Reader, stocked: dict[str, list[int]]
) -> None:
    assert client.get("/reader/atom/" + quote(TECH, safe="")).status_code == 401
    assert "n=" in atom_error(reader, TECH, n="many")
    assert "unknown stream" in atom_error(reader, "nonsense")
    assert "continuation" in atom_error(reader, TECH, c="garbage")
    missing = reader.get("/reader/atom/" + quote("feed/https://nowhere.example/", safe=""), 404)
    assert "no feed" in missing.json()["error"]


def atom_error(reader: Reader, stream: str, **params: object) -> str:
    response = reader.get("/reader/atom/" + quote(stream, safe=""), 400, **params)
    return str(response.json()["error"])


def test_a_feed_url_with_a_query_string_survives_the_path(
    reader: Reader, stocked: dict[str, list[int]]
) -> None:
    url = "https://query.example/feed?format=atom&lang=en"
    feed_id = feeds.add_feed(url, title="Query feed")[0]
    Article.objects.filter(id=stocked["misc"][0]).update(feed_id=feed_id)
    subs = {s["id"] for s in reader.json("subscription/list")["subscriptions"]}
    assert f"feed/{url}" in subs
    feed = atom(reader, f"feed/{url}", n=5)
    assert feed.findtext("a:title", namespaces=NS) == "Query feed"
    assert entry_ids(feed) == [stocked["misc"][0]]
