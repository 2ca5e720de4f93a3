"""Outlets are publishers, not hosts: the publisher key and name of a feed (pure core)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.dedupe import automatic_name, outlet_name, publisher, publisher_key
from broadsheet.dedupe._outlets import TENANT_HOSTS

LOCAL = "http://127.0.0.1:8123"


@pytest.mark.parametrize(
    ("site", "feed", "name", "key"),
    [
        # a normal publisher: the host alone, whatever the section or feed host
        (
            "https://www.bbc.co.uk/news/world",
            "https://feeds.bbci.co.uk/news/world/rss.xml",
            "",
            "bbc.co.uk",
        ),
        (
            "https://m.bbc.co.uk/news/business",
            "https://feeds.bbci.co.uk/news/business/rss.xml",
            "",
            "bbc.co.uk",
        ),
        ("", "https://www.Example.COM./feed.xml", "", "example.com"),
        ("javascript:alert(1)", "https://news.example/feed", "", "news.example"),
        # multi-tenant hosts: the path names the publisher
        (
            "https://medium.com/@alice?source=rss",
            "https://medium.com/feed/@alice",
            "",
            "medium.com/@alice",
        ),
        ("", "https://medium.com/feed/@Bob", "", "medium.com/@bob"),
        ("", "https://medium.com/feed/the-startup", "", "medium.com/the-startup"),
        ("", "https://feeds.feedburner.com/TechCrunch", "", "feeds.feedburner.com/techcrunch"),
        ("", "http://feedproxy.google.com/TechCrunch", "", "feeds.feedburner.com/techcrunch"),
        ("", "https://github.com/django/django/releases.atom", "", "github.com/django"),
        ("", "https://github.com/alice.atom", "", "github.com/alice"),
        (
            "https://www.reddit.com/r/Python/",
            "https://www.reddit.com/r/Python/.rss",
            "",
            "reddit.com/r/python",
        ),
        ("", "https://old.reddit.com/u/alice/.rss", "", "reddit.com/user/alice"),
        (
            "",
            "https://www.youtube.com/feeds/videos.xml?channel_id=UCxYz",
            "",
            "youtube.com/channel/UCxYz",
        ),
        (
            "https://www.youtube.com/channel/UCxYz",
            "https://www.youtube.com/feeds/videos.xml?channel_id=UCxYz",
            "",
            "youtube.com/channel/UCxYz",
        ),
        ("https://www.youtube.com/@SomeHandle", "", "", "youtube.com/@somehandle"),
        ("", "https://substack.com/@writer", "", "substack.com/@writer"),
        ("", "https://mastodon.social/@Alice.rss", "", "mastodon.social/@alice"),
        ("", "https://feeds.megaphone.fm/ABC123", "", "feeds.megaphone.fm/abc123"),
        # news.google.com is Google News itself (decided: an ordinary host)
        ("", "https://news.google.com/rss/search?q=tram", "", "news.google.com"),
        # hosts that are no publisher identity: host:port and the site name's slug
        (f"{LOCAL}/", f"{LOCAL}/broken.xml", "Broken Gazette", "127.0.0.1:8123/broken-gazette"),
        ("", "http://localhost/feed.xml", "Tüm Haberler", "localhost/tüm-haberler"),
        ("", "http://intranet:8080/news.rss", "", "intranet:8080/news"),
        ("", "http://[::1]:9000/f.xml", "Local", "[::1]:9000/local"),
        ("", "http://printer.local/", "", "printer.local"),
    ],
)
def test_publisher_keys(site: str, feed: str, name: str, key: str) -> None:
    assert publisher_key(site, feed, name) == key


def test_no_web_address_no_key() -> None:
    assert publisher("ftp://x.example/", "file:///etc/passwd") is None
    assert publisher_key("", "not a url") == ""


def test_home_is_the_publishers_address() -> None:
    assert publisher("https://www.bbc.co.uk/news/world", "").home == "https://www.bbc.co.uk/"
    assert publisher("", "https://medium.com/feed/@alice").home == "https://medium.com/@alice"
    assert publisher(f"{LOCAL}/gazette/", "", "G").home == f"{LOCAL}/gazette/"


def test_feeds_on_one_local_server_are_told_apart_by_name() -> None:
    keys = {publisher_key("", f"{LOCAL}/{n}.xml", t) for n, t in enumerate(["A", "B", "C"])}
    assert len(keys) == 3
    # two feeds of one local site that give one name are one outlet
    assert publisher_key(f"{LOCAL}/", f"{LOCAL}/1.xml", "Gazette") == publisher_key(
        f"{LOCAL}/", f"{LOCAL}/2.xml", "Gazette"
    )
    # another port is another site
    assert publisher_key("", f"{LOCAL}/1.xml", "A") != publisher_key(
        "", "http://127.0.0.1:9/1.xml", "A"
    )


# ordinary publisher hosts (not a tenant host like medium.com, not a www./m. label of its own)
hosts = st.from_regex(
    r"[a-z][a-z0-9-]{0,12}\.(?:com|org|co\.uk|news|example)", fullmatch=True
).filter(lambda h: h not in TENANT_HOSTS and h.split(".")[0] not in ("www", "m", "mobile"))
paths = st.lists(st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True), max_size=4).map("/".join)
names = st.text(max_size=40)


@given(hosts, paths, paths, names, names)
def test_a_publisher_host_is_one_outlet_whatever_its_feeds(
    host: str, p1: str, p2: str, n1: str, n2: str
) -> None:
    a = publisher_key(f"https://www.{host}/{p1}", f"https://feeds.elsewhere.example/{p2}", n1)
    b = publisher_key(f"https://{host.upper()}/{p2}", "", n2)
    assert a == b == host


@given(st.sampled_from(["http", "https"]), hosts, paths, names)
def test_keys_are_stable_and_short(scheme: str, host: str, path: str, name: str) -> None:
    for site, feed in ((f"{scheme}://{host}/{path}", ""), ("", f"{scheme}://127.0.0.1:81/{path}")):
        key = publisher_key(site, feed, name)
        assert key and len(key) <= 255
        assert key == publisher_key(site, feed, name)
        assert key == key.strip() and " " not in key


@given(st.integers(1, 65535), names, names)
def test_local_feeds_merge_exactly_when_their_names_slug_alike(port: int, a: str, b: str) -> None:
    ka = publisher_key("", f"http://127.0.0.1:{port}/a.xml", a)
    kb = publisher_key("", f"http://127.0.0.1:{port}/a.xml", b)
    assert ka.startswith("127.0.0.1")
    if a.casefold().split() == b.casefold().split():
        assert ka == kb


@given(
    st.from_regex(r"@?[a-z][a-z0-9_]{2,15}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9_]{2,15}", fullmatch=True),
)
def test_tenants_of_one_host_are_separate_outlets(alice: str, bob: str) -> None:
    alice, bob = alice.lstrip("@"), bob
    same = alice == bob
    for template in (
        "https://medium.com/feed/@{}",
        "https://feeds.feedburner.com/{}",
        "https://github.com/{}.atom",
    ):
        a = publisher_key("", template.format(alice))
        b = publisher_key("", template.format(bob))
        assert (a == b) is same


def test_outlet_names() -> None:
    assert outlet_name("bbc.co.uk", ["BBC News - World", "BBC News - Business"]) == "BBC News"
    assert outlet_name("bbc.co.uk", ["BBC News - World"]) == "BBC News - World"
    assert outlet_name("x.example", []) == "x.example"
    assert outlet_name("x.example", ["", "  "]) == "x.example"
    # pages that agree win over the feed title; host-looking page names do not count
    pages = ["The Daily Example"] * 3 + ["Other"]
    assert outlet_name("x.example", ["Example - Sport"], pages) == "The Daily Example"
    assert outlet_name("x.example", ["Example - Sport"], ["The Daily Example"]) == "Example - Sport"
    assert outlet_name("x.example", ["Feed"], ["A", "B", "A", "B"]) == "Feed"
    assert outlet_name("x.example", ["Feed"], ["x.example", "x.example"]) == "Feed"


def test_automatic_names_are_replaced_given_ones_kept() -> None:
    titles = ["BBC News - World"]
    assert automatic_name("", "bbc.co.uk", titles)
    assert automatic_name("bbc.co.uk", "bbc.co.uk", titles)
    assert automatic_name("BBC News - World", "bbc.co.uk", titles)
    assert automatic_name("BBC News", "bbc.co.uk", titles)
    assert automatic_name("127.0.0.1:8123", "127.0.0.1:8123/gazette", [])
    assert not automatic_name("The Beeb", "bbc.co.uk", titles)


@given(st.lists(names, max_size=4), st.lists(names, max_size=6))
def test_a_known_name_is_never_the_bare_key(titles: list[str], pages: list[str]) -> None:
    name = outlet_name("k.example", titles, pages)
    assert name
    if any(t.strip() for t in titles):
        assert name != "k.example" or "k.example" in [t.strip() for t in titles]
