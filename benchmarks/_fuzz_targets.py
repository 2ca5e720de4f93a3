"""What the fuzzer feeds: each target's seeds from ../shared/fixtures, its generated inputs,
the call it makes and the one typed error that call may raise.

A target's ``setup`` runs in the worker process and returns the function taking one input;
the seeds and strategies run in the parent. Everything but the allowed error is a failure.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import _fuzz_inputs as inputs

URL = "https://example.com/feed.xml"
PAGE_URL = "https://example.com/news/2026/article.html"
Call = Callable[[bytes], None]


class BadAnswer(Exception):
    """An API answer that is a failure: a 5xx, or a 4xx without a one-line message."""


@dataclass(frozen=True)
class Target:
    """One thing under fuzz: where its seeds come from, what it generates, what it calls."""

    name: str
    seeds: Callable[[Path, int], list[bytes]]
    structures: Callable[[], st.SearchStrategy[bytes]]
    setup: Callable[[], Call]
    allowed: str  # dotted name of the documented typed error, "" when none may escape
    frame: Callable[[list[bytes]], st.SearchStrategy[bytes]] | None = None


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.glob(pattern) if p.is_file())


def _feed_files(fixtures: Path) -> list[Path]:
    skip = (".md", ".expected.json", "SOURCES.json")
    return [p for p in _files(fixtures / "feeds", "**/*") if not p.name.endswith(skip)]


def _kind(body: bytes) -> str:
    head = body[:4000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    return "atom" if b"<feed" in head and b"http://www.w3.org/2005/Atom" in head else "rss"


def _feeds_of(*kinds: str) -> Callable[[Path, int], list[bytes]]:
    def load(fixtures: Path, limit: int) -> list[bytes]:
        found = [b for b in (p.read_bytes() for p in _feed_files(fixtures)) if _kind(b) in kinds]
        return found[:limit]

    return load


def _pages(fixtures: Path, limit: int) -> list[bytes]:
    pages = _files(fixtures / "pages", "*/*.html.gz")
    step = max(1, len(pages) // max(1, limit))  # spread over both page collections
    return [gzip.decompress(p.read_bytes()) for p in pages[::step][:limit]]


def _opml(fixtures: Path, limit: int) -> list[bytes]:
    return [p.read_bytes() for p in _files(fixtures / "opml", "*.opml")][:limit]


def _parse_feed() -> Call:
    from broadsheet.parse import parse_feed

    def call(data: bytes) -> None:
        parse_feed(data, URL)

    return call


def _feedparser() -> Call:
    from broadsheet.parse._parse import _parse_slow

    def call(data: bytes) -> None:
        _parse_slow(data, URL)

    return call


def _opml_call() -> Call:
    from broadsheet.opml import parse_opml

    def call(data: bytes) -> None:
        parse_opml(data)

    return call


def _extract() -> Call:
    from broadsheet.extract import extract_article

    def call(data: bytes) -> None:
        extract_article(data, PAGE_URL)

    return call


def _embeds() -> Call:
    from broadsheet.extract import find_embeds, find_text_embeds

    def call(data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        find_embeds(text, PAGE_URL)
        find_text_embeds(text)

    return call


def _sanitize() -> Call:
    from broadsheet.extract import sanitize_html

    def call(data: bytes) -> None:
        sanitize_html(data.decode("utf-8", "replace"), PAGE_URL)

    return call


# The API target: one request per input, "METHOD PATH CONTENT-TYPE" on the first line, then
# the body. {A}, {C} and {F} are an article, a comment and a feed of the signed-in reader.
_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"
_ENDPOINTS: tuple[tuple[str, bytes], ...] = (
    (f"POST /api/comments {_JSON}", b'{"text": "A fair report.", "article_id": {A}}'),
    (f"POST /api/comments {_JSON}", b'{"text": "On the story.", "story_id": 1}'),
    (f"PATCH /api/comments/{{C}} {_JSON}", b'{"text": "Edited: a fair report."}'),
    (f"PUT /api/articles/{{A}}/state {_JSON}", b'{"read": true, "saved": false}'),
    (f"POST /api/feeds {_JSON}", b'{"url": "https://news.example/feed.xml", "category": "A/B"}'),
    (
        f"PATCH /api/me/feeds/{{F}} {_JSON}",
        b'{"title": "Mine", "folder": "News/World", "interval_minutes": 60, "fetch_pages": false}',
    ),
    (f"DELETE /api/comments/999999 {_JSON}", b""),
    (f"POST /reader/api/0/edit-tag {_FORM}", b"i={A}&a=user/-/state/com.google/read"),
    (f"POST /reader/api/0/edit-tag {_FORM}", b"i=tag:google.com,2005:reader/item/{A}&r=x"),
    (
        f"POST /reader/api/0/subscription/edit {_FORM}",
        b"ac=edit&s=feed/https://news.example/feed.xml&t=Renamed&a=user/-/label/Folder",
    ),
    (
        f"POST /reader/api/0/mark-all-as-read {_FORM}",
        b"s=feed/https://news.example/feed.xml&ts=1700000000000000",
    ),
    (f"POST /fever/?api&items {_FORM}", b"since_id=0&with_ids={A},2,3"),
    (f"POST /fever/?api&mark=item&as=read&id={{A}} {_FORM}", b"mark=item&as=saved&id={A}"),
    (f"POST /fever/?api&unread_item_ids {_FORM}", b"mark=group&as=read&id=0&before=1700000000"),
)
_COMMENT_KEYS = ["text", "article_id", "story_id", "url", "category", "title", "folder", "read"]


def _api_seeds(fixtures: Path, limit: int) -> list[bytes]:
    return [head.encode() + b"\n" + body for head, body in _ENDPOINTS]


def _api_frame(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Requests whose first line is a seed's, the body a seed's body mutated (any endpoint's)."""
    heads = st.sampled_from([seed.partition(b"\n")[0] for seed in seeds])
    bodies = inputs.mutated([seed.partition(b"\n")[2] for seed in seeds])
    return st.builds(lambda head, data: head + b"\n" + data, heads, bodies)


def _api_generated() -> st.SearchStrategy[bytes]:
    heads = st.sampled_from([head.encode() for head, _ in _ENDPOINTS])
    return st.builds(lambda head, data: head + b"\n" + data, heads, _api_structures())


def _api_structures() -> st.SearchStrategy[bytes]:
    return st.one_of(
        inputs.json_objects([*_COMMENT_KEYS, "saved", "interval_minutes", "fetch_pages"]),
        inputs.json_values().map(lambda v: json.dumps(v).encode()),
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["i", "a", "r", "s", "t", "ac", "ts", "id", "as", "mark", "before"]
                ),
                st.text(max_size=20),
            ),
            max_size=6,
        ).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "replace")),
    )


def _local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    raise socket.gaierror(f"the fuzzer resolves no names ({host})")


def _api() -> Call:
    """Migrate a fresh SQLite database, sign a reader in to all three APIs, return the caller."""
    os.environ.update(
        {
            "BROADSHEET_DATA_DIR": tempfile.mkdtemp(prefix="broadsheet-fuzz-"),
            "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
            "BROADSHEET_EXTRACT_PAGES": "false",
            "BROADSHEET_STARTER": "offline",
            "BROADSHEET_LOG_LEVEL": "error",
            "BROADSHEET_CACHE_URL": "locmem://",
            "DJANGO_SETTINGS_MODULE": "broadsheet.site.settings",
        }
    )
    os.environ.pop("BROADSHEET_DATABASE_URL", None)
    os.environ.pop("BROADSHEET_BROKER_URL", None)
    socket.getaddrinfo = _local_only  # nothing a fuzzed body names is ever looked up
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    for noisy in ("django.request", "django.security"):  # each refused request is logged
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    return _signed_in_caller()


def _signed_in_caller() -> Call:
    import hashlib

    from django.contrib.auth.models import User
    from django.test import Client

    from broadsheet.pipeline import import_articles
    from broadsheet.reading import add_comment, set_fever_password
    from broadsheet.storage import feeds
    from broadsheet.storage.reader import queries as reader

    user = User.objects.create_user("fuzz", "fuzz@example.org", "fuzz account password")
    set_fever_password(user.id, "fuzz fever password")
    token = reader.create_token(user.id, "fuzz")
    record = {"url": "https://news.example/a", "title": "A", "text": "Text.\n\nMore text."}
    article = import_articles([json.dumps(record)]).ids[0]
    feed = feeds.add_feed("https://news.example/feed.xml", title="News", category=("News",))[0]
    comment = add_comment(user.id, "A first comment.", article_id=article).id
    client = Client()
    login = client.post(
        "/accounts/ClientLogin", {"Email": "fuzz", "Passwd": "fuzz account password"}
    )
    auth = dict(line.split("=", 1) for line in login.content.decode().splitlines())["Auth"]
    greader = {"Authorization": f"GoogleLogin auth={auth}"}
    edit_token = client.get("/reader/api/0/token", headers=greader).content
    fever_key = hashlib.md5(b"fuzz:fuzz fever password").hexdigest().encode()
    ids = {b"{A}": str(article).encode(), b"{C}": str(comment).encode(), b"{F}": str(feed).encode()}

    def call(data: bytes) -> None:
        head, _, body = data.partition(b"\n")
        for name, value in ids.items():
            head, body = head.replace(name, value), body.replace(name, value)
        method, path, content_type = head.decode().split(" ")
        headers = {"Authorization": f"Bearer {token}"}
        if path.startswith("/reader/"):
            headers, body = greader, b"T=" + edit_token + b"&" + body
        elif path.startswith("/fever/"):
            body = b"api_key=" + fever_key + b"&" + body
        response = client.generic(method, path, body, content_type=content_type, headers=headers)
        _check(response.status_code, response.content)

    return call


def _check(status: int, content: bytes) -> None:
    """Raise BadAnswer for a server error, or a refusal that does not say why on one line."""
    if status >= 500:
        raise BadAnswer(f"{status}: {content[:200]!r}")
    if status < 400:
        return
    text = content.decode("utf-8", "replace").strip()
    try:
        decoded = json.loads(text)
    except ValueError:
        decoded = None
    if isinstance(decoded, dict):
        text = str(decoded.get("detail") or decoded.get("error") or "").strip()
    if not text or "\n" in text:
        raise BadAnswer(f"{status} without a one-line message: {content[:200]!r}")


def hostile_inputs(target: Target, seeds: list[bytes]) -> list[bytes]:
    """Each hostile fragment once in a seed (in the body of a framed request), in a fixed order."""
    if target.frame is None:
        return inputs.hostile(seeds)
    heads = [seed.partition(b"\n")[0] for seed in seeds]
    bodies = inputs.hostile([seed.partition(b"\n")[2] for seed in seeds])
    return [heads[n % len(heads)] + b"\n" + body for n, body in enumerate(bodies)]


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            "rss",
            _feeds_of("rss"),
            inputs.xml_feeds,
            _parse_feed,
            "broadsheet.errors.FeedParseError",
        ),
        Target(
            "atom",
            _feeds_of("atom"),
            inputs.xml_feeds,
            _parse_feed,
            "broadsheet.errors.FeedParseError",
        ),
        Target(
            "jsonfeed",
            _feeds_of("json"),
            inputs.json_feeds,
            _parse_feed,
            "broadsheet.errors.FeedParseError",
        ),
        Target(
            "feedparser",
            _feeds_of("rss", "atom"),
            inputs.xml_feeds,
            _feedparser,
            "broadsheet.errors.FeedParseError",
        ),
        Target("opml", _opml, inputs.opml_documents, _opml_call, "broadsheet.errors.OPMLError"),
        Target("extract", _pages, inputs.html_pages, _extract, "broadsheet.errors.ExtractionError"),
        Target("embeds", _pages, inputs.html_pages, _embeds, ""),
        Target("sanitize", _pages, inputs.html_pages, _sanitize, ""),
        Target("api", _api_seeds, _api_generated, _api, "", frame=_api_frame),
    )
}
