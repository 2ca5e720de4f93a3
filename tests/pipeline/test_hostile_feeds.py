"""Hostile feeds, subscribed and refreshed through the real pipeline from the local server.

Each feed is subscribed while it is harmless, turns hostile, and is refreshed in one run
with two ordinary feeds. Every case must end within bounded time and memory (generous
bounds, not benchmarks: wall time and the growth of the process's peak RSS), leave the
other feeds' refresh intact, store nothing live from the hostile feed, and give the feed a
health message in one plain line. Cases the fetcher or the parser refuses
are also refused at subscription. Fetch-level behaviour (limits, redirects, timeouts) is
proven in tests/fetch; this module proves the whole pipeline holds against it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import html
import itertools
import re
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from ctypes import POINTER, byref, c_int, c_size_t, c_uint32, c_void_p
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from markupsafe import escape

from broadsheet import reading
from broadsheet.errors import BroadsheetError
from broadsheet.pipeline import RefreshReport, extract_articles, refresh_feeds, subscribe
from broadsheet.storage.models import Article, Feed
from tests.support.server import LocalServer, Request, Response

pytestmark = pytest.mark.django_db(transaction=True)

MiB = 1024 * 1024
SECONDS = 30.0
MEMORY = 200 * MiB
RSS = {"Content-Type": "application/rss+xml"}
SCRIPT = "<script>window.__hostile = 1</script><img src=x onerror=alert(1)>"
# What a user must never read in a health message: a traceback or an exception's class name.
_NOT_PLAIN = re.compile(r"Traceback|File \"|<class |\b[A-Z]\w*(?:Error|Exception|Timeout)\b")
_LIVE = re.compile(r"<\s*(?:script|iframe|object|embed|svg|style)\b|\son\w+\s*=|javascript:", re.I)

Handler = Callable[[Request], Response]


# -- documents ---------------------------------------------------------------------------------


def rss(items: str, prolog: str = "") -> bytes:
    """An RSS 2.0 document with the given items and DOCTYPE."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}\n<rss version="2.0"><channel>'
        f"<title>Hostile</title><link>http://hostile.test/</link>{items}</channel></rss>"
    ).encode()


def item(n: int, description: str, link: str = "") -> str:
    """One RSS item; ``description`` is inserted as given (escape it for HTML content)."""
    link = link or f"http://hostile.test/{n}"
    return (
        f"<item><title>Item {n}</title><link>{link}</link><guid>urn:hostile:{n}</guid>"
        f"<description>{description}</description></item>"
    )


def laughs() -> bytes:
    """Billion laughs: ten levels of ten references, 3 GB if expanded."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return rss(item(1, "&lol9;"), "<!DOCTYPE rss [\n" + "\n".join(levels) + "\n]>")


def quadratic() -> bytes:
    """One 100 KB entity used 3,000 times: 300 MB from a 110 KB document.

    feedparser keeps the entity (its text is plain); expat stops at a 100-fold
    amplification, and feedparser's loose parser then expands it all (32 s, 870 MiB).
    """
    prolog = f'<!DOCTYPE rss [\n<!ENTITY a "{"A" * 100_000}">\n]>'
    return rss(item(1, "&a;" * 3000), prolog)


def quadratic_behind_markup() -> bytes:
    """A 290-byte entity used 300,000 times (87 MB), declared behind a first entity holding "<b".

    "<b" ends feedparser's prolog early, so its entity filter never sees the second
    declaration, and expat, just under its 100-fold limit, expands it whole.
    """
    prolog = f"<!DOCTYPE rss [\n<!ENTITY x \"<b\">\n<!ENTITY a '{'C' * 290}'>\n]>"
    return rss(item(1, "&a;" * 300_000), prolog)


def external(server: LocalServer, secret: Path) -> bytes:
    """External entities (files and an HTTP URL), an external DTD and a parameter entity."""
    prolog = (
        f'<!DOCTYPE rss SYSTEM "{server.url("/evil.dtd")}" [\n'
        f'<!ENTITY % remote SYSTEM "{server.url("/remote.dtd")}"> %remote;\n'
        '<!ENTITY passwd SYSTEM "file:///etc/passwd">\n'
        f'<!ENTITY secret SYSTEM "file://{secret}">\n'
        f'<!ENTITY fetched SYSTEM "{server.url("/entity.txt")}">\n]>'
    )
    return rss(item(1, "&passwd; &secret; &fetched;") + item(2, "plain words"), prolog)


def nested(depth: int = 100_000) -> str:
    """HTML nested ``depth`` levels deep around a paragraph, with a script beside it."""
    return f"<p>Top paragraph.</p>{SCRIPT}" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth


@functools.cache
def brotli_bomb(size: int = 256 * MiB) -> bytes:
    """``size`` zero bytes compressed with the system's libbrotlienc (about 400 bytes)."""
    found = ctypes.util.find_library("brotlienc")
    if not found:
        pytest.skip("libbrotlienc is not installed (Debian: apt-get install libbrotli1)")
    lib = ctypes.CDLL(found)
    lib.BrotliEncoderCreateInstance.restype = c_void_p
    lib.BrotliEncoderCreateInstance.argtypes = [c_void_p, c_void_p, c_void_p]
    lib.BrotliEncoderSetParameter.argtypes = [c_void_p, c_int, c_uint32]
    size_p, void_p = POINTER(c_size_t), POINTER(c_void_p)
    lib.BrotliEncoderCompressStream.argtypes = [
        c_void_p,
        c_int,
        size_p,
        void_p,
        size_p,
        void_p,
        c_void_p,
    ]
    for name in ("IsFinished", "HasMoreOutput", "DestroyInstance"):
        getattr(lib, f"BrotliEncoder{name}").argtypes = [c_void_p]
    state = lib.BrotliEncoderCreateInstance(None, None, None)
    lib.BrotliEncoderSetParameter(state, 1, 5)  # BROTLI_PARAM_QUALITY
    zeros, out, parts = ctypes.create_string_buffer(MiB), ctypes.create_string_buffer(MiB), []

    def pump(operation: int, data: ctypes.Array[ctypes.c_char] | None) -> None:
        left = c_size_t(len(data) if data is not None else 0)
        src = c_void_p(ctypes.addressof(data) if data is not None else None)
        while True:
            room, dst = c_size_t(len(out)), c_void_p(ctypes.addressof(out))
            assert lib.BrotliEncoderCompressStream(
                state, operation, byref(left), byref(src), byref(room), byref(dst), None
            )
            parts.append(out.raw[: len(out) - room.value])
            done = lib.BrotliEncoderIsFinished(state) if operation == 2 else not left.value
            if done and not lib.BrotliEncoderHasMoreOutput(state):
                return

    try:
        for _ in range(size // MiB):
            pump(0, zeros)  # BROTLI_OPERATION_PROCESS
        pump(2, None)  # BROTLI_OPERATION_FINISH
    finally:
        lib.BrotliEncoderDestroyInstance(state)
    return b"".join(parts)


def single_line(size: int) -> tuple[list[bytes], int]:
    """A ``size``-byte RSS document on one line, as pieces of one 64 KiB buffer, and its length."""
    head, tail = rss("").split(b"</channel>")[0].replace(b"\n", b" "), b"</channel></rss>"
    piece = item(0, "x" * 400).encode() * 128
    pieces = [head, *[piece] * (size // len(piece)), tail]
    return pieces, sum(len(p) for p in pieces)


# -- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A hostile answer, how its refresh must end and the words its health message must hold."""

    name: str
    answer: Callable[[LocalServer, Path], Handler]
    state: str
    reason: str
    refused: bool = True


def _send(body: bytes) -> Callable[[LocalServer, Path], Handler]:
    return lambda server, tmp: lambda req: Response(200, body, dict(RSS))


def _builtin(path: str) -> Callable[[LocalServer, Path], Handler]:
    return lambda server, tmp: lambda req: server.dispatch(req, path)


def _endless(server: LocalServer, tmp: Path) -> Handler:
    chunk = item(0, "never ends").encode() * 100
    return lambda req: Response(200, b"", dict(RSS), chunks=itertools.repeat(chunk))


def _brotli(server: LocalServer, tmp: Path) -> Handler:
    headers, bomb = {**RSS, "Content-Encoding": "br"}, brotli_bomb()
    return lambda req: Response(200, bomb, headers)


def _fifty_mb(declared: bool) -> Callable[[LocalServer, Path], Handler]:
    pieces, length = single_line(50 * MiB)
    return lambda server, tmp: (
        lambda req: Response(
            200, b"", dict(RSS), chunks=pieces, content_length=length if declared else None
        )
    )


def _external(server: LocalServer, tmp: Path) -> Handler:
    secret = tmp / "secret.txt"
    secret.write_text("broadsheet-secret-marker\n")
    body = external(server, secret)
    return lambda req: Response(200, body, dict(RSS))


def _nested_item(server: LocalServer, tmp: Path) -> Handler:
    body = rss(item(1, html.escape(nested())) + item(2, "plain words"))
    return lambda req: Response(200, body, dict(RSS))


def _tiny_elements(server: LocalServer, tmp: Path) -> Handler:
    # Just under the 10 MiB fetch limit: 1.25 million elements for feedparser (89 s, 379 MiB).
    body = rss("<item><guid>urn:tiny</guid><title>t</title>" + "<x>t</x>" * 1_250_000 + "</item>")
    return lambda req: Response(200, body, dict(RSS))


def _tiny_json_items(server: LocalServer, tmp: Path) -> Handler:
    # Just under the 10 MiB fetch limit: 200,000 JSON Feed items (about 25 s and 250 MiB to parse).
    items = ",".join(f'{{"id":"{n}","url":"http://hostile.test/{n}"}}' for n in range(200_000))
    body = f'{{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{items}]}}'
    return lambda req: Response(200, body.encode(), {"Content-Type": "application/feed+json"})


TOO_LARGE = "larger than the size limit"
CASES = [
    Case("billion-laughs", _send(laughs()), "broken", "entity bomb"),
    Case("quadratic-blowup", _send(quadratic()), "broken", "entity bomb"),
    Case("quadratic-behind-markup", _send(quadratic_behind_markup()), "broken", "entity bomb"),
    Case("gzip-bomb", _builtin("/_/bomb"), "too_large", TOO_LARGE),
    Case("brotli-bomb", _brotli, "failing", "compressed in a way Broadsheet cannot read"),
    Case("endless-body", _endless, "too_large", TOO_LARGE),
    Case("one-byte-a-second-body", _builtin("/_/trickle"), "slow", "did not answer in time"),
    Case("one-byte-a-second-answer", _builtin("/_/drip/1/_/feed/x"), "slow", "did not answer"),
    Case("10000-redirects", _builtin("/_/redirect/10000/_/feed/x"), "redirect_loop", "redirect"),
    Case("50mb-single-line", _fifty_mb(declared=False), "too_large", TOO_LARGE),
    Case("50mb-single-line-declared", _fifty_mb(declared=True), "too_large", TOO_LARGE),
    Case("10mb-of-tiny-elements", _tiny_elements, "broken", "XML elements, more than"),
    Case("10mb-json-of-tiny-items", _tiny_json_items, "broken", "JSON objects, more than"),
    Case("external-entities", _external, "damaged", "undefined entity", refused=False),
    Case("deeply-nested-item", _nested_item, "ok", "Working normally", refused=False),
]


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Cost:
    """Wall time and the memory a block added at its peak, in bytes."""

    seconds: float = 0.0
    memory: int = 0
    how: str = "peak RSS"

    def check(self) -> None:
        """Fail unless the block stayed within the generous bounds."""
        shown = f"{self.seconds:.1f} s, {self.memory / MiB:.0f} MiB ({self.how})"
        assert self.seconds < SECONDS and self.memory < MEMORY, shown


def _status_bytes(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def _reset_peak_rss() -> bool:
    """Reset the process's peak RSS (Linux: "5" to clear_refs); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_bytes("VmHWM") > 0
    except (OSError, LookupError):
        return False


@contextmanager
def measured() -> Iterator[Cost]:
    """Measure the block's wall time and its peak added memory.

    The peak RSS counts every allocation (libxml2's, zlib's, nh3's, Python's) and costs
    nothing; tracemalloc, which sees Python's only and slows parsing threefold, is the
    fallback where the peak cannot be reset.
    """
    cost = Cost()
    gc.collect()
    rss = _reset_peak_rss()
    before = _status_bytes("VmRSS") if rss else 0
    if not rss:
        cost.how = "tracemalloc"
        tracemalloc.start()
    started = time.monotonic()
    try:
        yield cost
    finally:
        cost.seconds = time.monotonic() - started
        if rss:
            cost.memory = max(_status_bytes("VmHWM") - before, 0)
        else:
            cost.memory = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()


def test_the_measure_sees_a_large_allocation() -> None:
    with measured() as cost:
        block = b"x" * (MEMORY + 50 * MiB)
    del block
    assert cost.memory >= MEMORY, cost


# -- checks ------------------------------------------------------------------------------------


def assert_plain(message: str) -> None:
    """A health message is one line of words: no traceback, no exception class name."""
    assert message and "\n" not in message and len(message) < 1500, message
    assert not _NOT_PLAIN.search(message), message


def stored_values(feed_id: int) -> str:
    """Everything stored for the feed and its articles, as one string to search."""
    rows = list(Article.objects.filter(feed_id=feed_id).values())
    return repr(rows) + repr(list(Feed.objects.filter(id=feed_id).values()))


def assert_inert(feed_id: int, client: Client) -> None:
    """What any output serves from the feed's articles holds no live markup."""
    for article in Article.objects.filter(feed_id=feed_id):
        assert not _LIVE.search(article.html) and not _LIVE.search(article.title), article.id
        page = client.get(f"/articles/{article.id}/").content.decode()
        assert "window.__hostile" not in page and "onerror=alert" not in page, article.id


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def fast_timeout(settings_env: object) -> None:
    settings_env.setenv("BROADSHEET_FETCH_TIMEOUT", "2")  # type: ignore[attr-defined]


def subscribe_three(server: LocalServer) -> tuple[int, list[int]]:
    """Subscribe to a harmless /hostile.xml and two ordinary feeds; return their ids."""
    server.route("/hostile.xml", body=rss(item(1, "harmless")), headers=RSS)
    hostile = subscribe(server.url("/hostile.xml")).feed_id
    others = [subscribe(server.url(f"/_/feed/other-{n}?items=3")).feed_id for n in (1, 2)]
    return hostile, others


def assert_others_refreshed(report: RefreshReport, others: list[int]) -> None:
    """The ordinary feeds of the run were stored whole and are healthy."""
    for feed_id in others:
        assert feed_id not in report.errors
        assert Article.objects.filter(feed_id=feed_id).count() == 3
        assert Feed.objects.get(id=feed_id).health == "ok"


@pytest.mark.usefixtures("fast_timeout")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_feed_is_bounded_and_diagnosed(
    case: Case, server: LocalServer, tmp_path: Path, client: Client
) -> None:
    hostile, others = subscribe_three(server)
    server.route_fn("/hostile.xml", case.answer(server, tmp_path))
    server.clear()
    with measured() as cost:
        report = refresh_feeds([hostile, *others])
    print(f"refresh {case.name}: {cost}; health: {reading.feed_card(hostile).health_message}")
    cost.check()
    assert_others_refreshed(report, others)
    card = reading.feed_card(hostile)
    assert_plain(card.health_message)
    assert card.health == case.state and case.reason in card.health_message, card.health_message
    assert str(escape(card.health_message)) in client.get("/feeds/").content.decode()
    stored = Article.objects.filter(feed_id=hostile).count()
    if case.refused:
        assert hostile in report.errors and stored == 0
    else:
        assert hostile not in report.errors and stored == 2
    assert_inert(hostile, client)
    assert len(server.requests) < 50  # redirects, retries and robots: bounded, not 10,000


def test_external_entities_are_never_read(
    server: LocalServer, tmp_path: Path, client: Client
) -> None:
    hostile, others = subscribe_three(server)
    server.route_fn("/hostile.xml", _external(server, tmp_path))
    for path in ("/evil.dtd", "/remote.dtd", "/entity.txt"):
        server.route(path, body=b'<!ENTITY leak "server-marker">', headers=RSS)
    server.clear()
    refresh_feeds([hostile, *others])
    everything = stored_values(hostile)
    assert "Item 1" in everything and "plain words" in everything
    assert "broadsheet-secret-marker" not in everything and "server-marker" not in everything
    assert "root:" not in everything
    assert {r.route for r in server.requests} == {
        "/hostile.xml",
        "/_/feed/other-1",
        "/_/feed/other-2",
    }


def test_deeply_nested_article_page_is_bounded(server: LocalServer, client: Client) -> None:
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    words = "<p>" + "An ordinary paragraph of an ordinary article page. " * 20 + "</p>"
    for name, body in (("plain", words), ("deep", words + nested())):
        page = (
            f"<html><head><title>{name}</title></head><body><article>{body}</article></body></html>"
        )
        server.route(f"/{name}.html", body=page, headers=html_type)
    items = item(1, "A summary.", server.url("/plain.html")) + item(
        2, "A summary.", server.url("/deep.html")
    )
    server.route("/hostile.xml", body=rss(items), headers=RSS)
    hostile = subscribe(server.url("/hostile.xml")).feed_id
    refresh_feeds([hostile])
    plain, deep = (
        Article.objects.get(feed_id=hostile, url__endswith=f"/{n}.html").id
        for n in ("plain", "deep")
    )
    extract_articles([plain])  # loads the extractor and the later steps' models first
    with measured() as cost:
        extract_articles([deep])
    print(f"extract deep page: {cost}")
    cost.check()
    assert "/deep.html" in {r.route for r in server.requests}
    article = Article.objects.get(id=deep)
    print(f"deep page article: {article.content_source}, {len(article.html)} chars of HTML")
    assert article.content_source == "page" and "An ordinary paragraph" in article.text
    assert_inert(hostile, client)


REFUSED = [c for c in CASES if c.refused]


@pytest.mark.usefixtures("fast_timeout")
@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_subscribing_to_a_hostile_feed_is_refused(
    case: Case, server: LocalServer, tmp_path: Path
) -> None:
    server.route_fn("/hostile.xml", case.answer(server, tmp_path))
    with measured() as cost, pytest.raises(BroadsheetError) as caught:
        subscribe(server.url("/hostile.xml"))
    print(f"subscribe {case.name}: {cost}")
    cost.check()
    assert_plain(str(caught.value))
    assert not Feed.objects.exists()
