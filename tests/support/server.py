"""A fast, scriptable HTTP/1.1 server on 127.0.0.1 for fetch, pipeline and benchmark tests.

Usage::

    with LocalServer(root=tmp_path) as server:          # or the ``local_server`` fixture
        server.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        server.route_fn("/count", lambda req: Response(body=str(len(server.requests)).encode()))
        server.robots = "User-agent: *\\nDisallow: /private"
        url = server.url("/feed.xml")
        ...
        assert server.requests[-1].headers["user-agent"].startswith("Broadsheet/")

``server.connections_opened`` counts TCP connections accepted (keep-alive checks).
``server.requests`` records every request as ``Request(method, path, headers)`` (``path`` with
its query string, header names lower-cased); ``server.clear()`` forgets them and resets the
per-path counters of the misbehaviours below.

Resolution order for a path: exact routes (``route``/``route_fn``), ``/robots.txt`` (from
``server.robots``; None means 404), built-ins under ``/_/``, then static files under ``root``
(ETag + Last-Modified, 304 on If-None-Match/If-Modified-Since, gzip when accepted).

Built-ins (``<path>`` is any other server path, query parameters optional):

==========================================  ================================================
``/_/status/<code>``                        that status with a short body
``/_/gone``                                 410
``/_/retry-after/<s>/<path>``               first ``?times=1`` requests: ``?status=429`` with
                                            ``Retry-After: <s>`` (``?date=1``: an HTTP-date),
                                            then serve ``<path>``
``/_/flaky/<n>/<path>``                     first n requests: ``?status=500``, then ``<path>``
``/_/redirect/<n>/<path>``                  a chain of n ``?status=302`` redirects to ``<path>``
``/_/redirect-loop``                        /_/redirect-loop → /_/redirect-loop/b → back
``/_/moved/<path>``                         ``?status=301`` redirect to ``<path>``
``/_/redirect-to?url=<absolute>``           ``?status=302`` redirect anywhere
``/_/slow/<s>/<path>``                      wait s seconds before the status line
``/_/stall``                                headers (Content-Length 1000), then silence
``/_/trickle``                              chunked, one byte per ``?interval=1`` s forever
``/_/drip/<s>/<path>``                      ``<path>``'s whole answer, status line and headers
                                            included, one byte every s seconds (slowloris)
``/_/truncated``                            Content-Length 1000, 100 bytes, then close
``/_/drop``                                 close the connection without answering
``/_/bomb``                                 ~110 KB of gzip inflating to 110 MiB
``/_/huge``                                 ``?size=`` bytes (default 11 MiB); ``?chunked=1``
                                            streams it without Content-Length
``/_/encoded/<coding>/<path>``               ``<path>``'s body as gzip, deflate, raw-deflate,
                                            or garbage labelled ``br``
``/_/charset/<declared>/<path>``            ``<path>`` with ``charset=<declared>`` (``none``:
                                            no charset parameter)
``/_/invalid-xml``                          a malformed RSS document
``/_/challenge``                            Cloudflare-style "Just a moment..." (``?status=403``)
``/_/echo``                                 the request headers as JSON
``/_/feed/<id>``                            a generated RSS feed of ``?items=20`` items with
                                            ETag/Last-Modified and 304 support
==========================================  ================================================

Speed (see /work/shared/MEASURED.md): TCP_NODELAY, a listen backlog of 1024, one write per
response, HTTP/1.1 keep-alive, daemon threads, no reverse DNS at bind, gzip cached per file.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import hashlib
import json
import mimetypes
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["LocalServer", "Request", "Response"]

_GENERATED_MTIME = 1_700_000_000.0  # Last-Modified of generated feeds
_KiB = 1024


class Request(NamedTuple):
    """One recorded request; ``headers`` has lower-case names."""

    method: str
    path: str
    headers: dict[str, str]

    @property
    def route(self) -> str:
        """The path without its query string, percent-decoded."""
        return unquote(urlsplit(self.path).path)

    @property
    def query(self) -> dict[str, str]:
        """The query parameters (last value wins)."""
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}


@dataclass
class Response:
    """What to send back; ``chunks`` are streamed after the headers (chunked unless content_length)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: Iterable[bytes] | None = None
    content_length: int | None = None
    close: bool = False
    drop: bool = False
    drip: float = 0.0  # seconds between single bytes of the whole answer


Handler = Callable[[Request], Response]


def _http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    """Apply If-None-Match (preferred) or If-Modified-Since."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            return email.utils.parsedate_to_datetime(ims).timestamp() >= int(mtime)
        except (TypeError, ValueError):
            return False
    return False


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "").lower()


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with canned routes, static files and misbehaviours."""

    def __init__(
        self, root: Path | str | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.root = Path(root).resolve() if root is not None else None
        self.robots: str | None = None
        self.requests: list[Request] = []
        self.connections_opened = 0
        self._address = (host, port)
        self._routes: dict[str, Handler] = {}
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._files: dict[Any, tuple[bytes, bytes | None]] = {}
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> LocalServer:
        """Bind an ephemeral port and serve in a daemon thread."""
        self._stopping.clear()
        self._httpd = _Server(self._address, _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake every stalled handler and close open connections."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        assert self._httpd is not None, "call start() first"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{self._address[0]}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # -- configuration ---------------------------------------------------------------------
    def route(
        self,
        path: str,
        status: int = 200,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Serve a canned response at ``path`` (exact match, query ignored)."""
        data = body.encode() if isinstance(body, str) else body
        canned = dict(headers or {})
        self._routes[path] = lambda _req: Response(status, data, dict(canned), delay)

    def route_fn(self, path: str, fn: Handler) -> None:
        """Serve ``fn(request)`` at ``path`` (exact match, query ignored)."""
        self._routes[path] = fn

    def clear(self) -> None:
        """Forget recorded requests and per-path counters."""
        with self._lock:
            self.requests.clear()
            self._counts.clear()

    def count(self, key: str) -> int:
        """Increment and return how often ``key`` was seen (0 the first time)."""
        with self._lock:
            seen = self._counts[key]
            self._counts[key] += 1
            return seen

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if the server is stopping."""
        return self._stopping.wait(seconds)

    # -- dispatch --------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        """Record ``request`` and answer it."""
        with self._lock:
            self.requests.append(request)
        return self.dispatch(request, request.route)

    def dispatch(self, request: Request, path: str) -> Response:
        """Answer ``request`` as if it were for ``path`` (built-ins use this to chain)."""
        if path in self._routes:
            return self._routes[path](request)
        if path == "/robots.txt":
            if self.robots is None:
                return Response(404, b"no robots.txt")
            return Response(200, self.robots.encode(), {"Content-Type": "text/plain"})
        if path.startswith("/_/"):
            return _builtin(self, request, path[3:].split("/"))
        if self.root is not None:
            return self._static(request, path)
        return Response(404, b"not found")

    def _static(self, request: Request, path: str) -> Response:
        assert self.root is not None
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return Response(404, b"not found")
        stat = target.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return self.serve_bytes(
            request,
            lambda: target.read_bytes(),
            etag,
            stat.st_mtime,
            ctype,
            cache_key=(target, stat.st_mtime_ns, stat.st_size),
            compress=not target.name.endswith(".gz"),
        )

    def serve_bytes(
        self,
        request: Request,
        load: Callable[[], bytes],
        etag: str,
        mtime: float,
        ctype: str,
        cache_key: Any = None,
        compress: bool = True,
    ) -> Response:
        """Serve a document with validators, answering 304 and gzip-compressing when accepted."""
        headers = {
            "ETag": etag,
            "Last-Modified": _http_date(mtime),
            "Content-Type": ctype,
            "Vary": "Accept-Encoding",
        }
        if _not_modified(request, etag, mtime):
            return Response(304, b"", headers)
        body, packed = self._files.get(cache_key) or (load(), None)
        if compress and body and _accepts_gzip(request):
            packed = packed or gzip.compress(body, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        if cache_key is not None:
            self._files[cache_key] = (body, packed)
        return Response(200, packed if "Content-Encoding" in headers and packed else body, headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], app: LocalServer) -> None:
        self.app = app
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup of the host name."""
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()[:2]
        self.server_name, self.server_port = (
            str(self.server_address[0]),
            int(self.server_address[1]),
        )

    def close_connections(self) -> None:
        with self.connections_lock:
            conns, self.connections = list(self.connections), set()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 60
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)
            self.server.app.connections_opened += 1

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read ``server.requests`` instead."""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(self.command, self.path, headers)
        try:
            response = self.server.app.handle(request)
        except Exception as exc:  # a broken test handler should fail loudly, not hang the client
            response = Response(500, f"handler error: {exc!r}".encode(), close=True)
        if response.drop:
            self.close_connection = True
            return
        if response.delay and self.server.app.wait(response.delay):
            self.close_connection = True
            return
        try:
            self._write(response, head)
        except OSError:
            self.close_connection = True

    def _write(self, response: Response, head: bool) -> None:
        status = response.status
        lines = [
            f"HTTP/1.1 {status} {_reason(status)}",
            "Server: broadsheet-test",
            f"Date: {_http_date(time.time())}",
        ]
        lines += [f"{k}: {v}" for k, v in response.headers.items()]
        bodyless = status in (204, 304) or 100 <= status < 200
        if response.chunks is not None and response.content_length is None:
            lines.append("Transfer-Encoding: chunked")
        elif not bodyless:
            length = (
                len(response.body) if response.content_length is None else response.content_length
            )
            lines.append(f"Content-Length: {length}")
        if response.close:
            lines.append("Connection: close")
            self.close_connection = True
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if not head and not bodyless:
            payload += response.body
        if response.drip:
            self._drip(payload, response.drip)
            return
        self.wfile.write(payload)
        if response.chunks is not None and not head:
            self._stream(response.chunks, chunked=response.content_length is None)

    def _drip(self, payload: bytes, interval: float) -> None:
        self.close_connection = True
        for i in range(len(payload)):
            if self.server.app.wait(interval):
                return
            self.wfile.write(payload[i : i + 1])

    def _stream(self, chunks: Iterable[bytes], chunked: bool) -> None:
        for chunk in chunks:
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.close_connection = True


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


# -- built-in misbehaviours under /_/ ------------------------------------------------------

_CHALLENGE_PAGE = b"""<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">
<h1>example.com</h1><p>Verifying you are human. This may take a few seconds.</p>
<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>
<script>window._cf_chl_opt={cvId: '3'};</script></div></body></html>"""

_INVALID_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken & unescaped</title>
<item><title>Unclosed item</title><link>http://example.com/1</link>
</channel>"""

_bomb_lock = threading.Lock()
_bomb_cache: list[bytes] = []


def _bomb() -> bytes:
    """~110 KB of gzip inflating to 110 MiB of zeros (built once per process)."""
    with _bomb_lock:
        if not _bomb_cache:
            packer = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = bytes(1024 * _KiB)
            parts = [packer.compress(zeros) for _ in range(110)]
            _bomb_cache.append(b"".join(parts) + packer.flush())
        return _bomb_cache[0]


def _encode(coding: str, body: bytes) -> bytes:
    if coding == "gzip":
        return gzip.compress(body, mtime=0)
    if coding in {"deflate", "raw-deflate"}:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15 if coding == "raw-deflate" else 15)
        return packer.compress(body) + packer.flush()
    return b"\x8b\x00garbage-that-is-not-brotli"


def _rss(feed_id: str, items: int) -> bytes:
    entries = "".join(
        f"<item><title>Item {i} of feed {feed_id}</title><link>http://example.com/{feed_id}/{i}</link>"
        f"<guid>urn:broadsheet-test:{feed_id}:{i}</guid><description>Body of item {i}. "
        + "Lorem ipsum dolor sit amet. " * 20
        + "</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {feed_id}</title><link>http://example.com/{feed_id}</link>"
        f"{entries}</channel></rss>"
    ).encode()


def _redirect(status: int, location: str) -> Response:
    return Response(status, b"", {"Location": location})


def _status_of(req: Request, default: int) -> int:
    return int(req.query.get("status", default))


def _rest(args: list[str]) -> str:
    """The ``<path>`` argument: everything after the first argument."""
    return "/" + "/".join(args[1:])


def _forever(app: LocalServer, interval: float) -> Iterator[bytes]:
    """Yield one byte every ``interval`` seconds until the server stops."""
    while not app.wait(interval):
        yield b"."


def _silence(app: LocalServer) -> Iterator[bytes]:
    """Yield nothing until the server stops."""
    app.wait(3600)
    yield from ()


Builtin = Callable[[LocalServer, Request, list[str]], Response]


def _status(app: LocalServer, req: Request, args: list[str]) -> Response:
    return Response(int(args[0]), f"status {args[0]}".encode())


def _gone(app: LocalServer, req: Request, args: list[str]) -> Response:
    return Response(410, b"gone for good")


def _retry_after(app: LocalServer, req: Request, args: list[str]) -> Response:
    if app.count(req.route) >= int(req.query.get("times", 1)):
        return app.dispatch(req, _rest(args))
    value = _http_date(time.time() + float(args[0])) if req.query.get("date") else args[0]
    return Response(_status_of(req, 429), b"slow down", {"Retry-After": value})


def _flaky(app: LocalServer, req: Request, args: list[str]) -> Response:
    if app.count(req.route) >= int(args[0]):
        return app.dispatch(req, _rest(args))
    return Response(_status_of(req, 500), b"try again")


def _redirect_chain(app: LocalServer, req: Request, args: list[str]) -> Response:
    n, query = int(args[0]), urlsplit(req.path).query
    suffix = f"?{query}" if query else ""
    target = f"/_/redirect/{n - 1}{_rest(args)}{suffix}" if n > 1 else _rest(args)
    return _redirect(_status_of(req, 302), target)


def _redirect_loop(app: LocalServer, req: Request, args: list[str]) -> Response:
    return _redirect(302, "/_/redirect-loop" if args else "/_/redirect-loop/b")


def _moved(app: LocalServer, req: Request, args: list[str]) -> Response:
    return _redirect(_status_of(req, 301), "/" + "/".join(args))


def _redirect_to(app: LocalServer, req: Request, args: list[str]) -> Response:
    return _redirect(_status_of(req, 302), req.query["url"])


def _slow(app: LocalServer, req: Request, args: list[str]) -> Response:
    inner = app.dispatch(req, _rest(args))
    inner.delay += float(args[0])
    return inner


def _stall(app: LocalServer, req: Request, args: list[str]) -> Response:
    return Response(200, b"", content_length=1000, chunks=_silence(app))


def _trickle(app: LocalServer, req: Request, args: list[str]) -> Response:
    interval = float(req.query.get("interval", 1.0))
    return Response(
        200, b"", {"Content-Type": "application/rss+xml"}, chunks=_forever(app, interval)
    )


def _drip_route(app: LocalServer, req: Request, args: list[str]) -> Response:
    inner = app.dispatch(req, _rest(args))
    inner.drip = float(args[0])
    return inner


def _truncated(app: LocalServer, req: Request, args: list[str]) -> Response:
    body = b"<rss>" + b"x" * 95
    return Response(
        200, body, {"Content-Type": "application/rss+xml"}, content_length=1000, close=True
    )


def _drop(app: LocalServer, req: Request, args: list[str]) -> Response:
    return Response(drop=True)


def _bomb_route(app: LocalServer, req: Request, args: list[str]) -> Response:
    return Response(200, _bomb(), {"Content-Encoding": "gzip", "Content-Type": "application/xml"})


def _huge(app: LocalServer, req: Request, args: list[str]) -> Response:
    size, step = int(req.query.get("size", 11 * 1024 * _KiB)), 64 * _KiB
    if req.query.get("chunked"):
        pieces = (b"x" * min(step, size - i) for i in range(0, size, step))
        return Response(200, b"", chunks=pieces)
    return Response(200, b"x" * size)


def _encoded(app: LocalServer, req: Request, args: list[str]) -> Response:
    inner = app.dispatch(req, _rest(args))
    inner.body = _encode(args[0], inner.body)
    known = args[0] in {"gzip", "deflate", "raw-deflate"}
    inner.headers["Content-Encoding"] = args[0].removeprefix("raw-") if known else "br"
    return inner


def _charset(app: LocalServer, req: Request, args: list[str]) -> Response:
    inner = app.dispatch(req, _rest(args))
    ctype = inner.headers.get("Content-Type", "text/plain").split(";")[0]
    inner.headers["Content-Type"] = ctype if args[0] == "none" else f"{ctype}; charset={args[0]}"
    return inner


def _invalid_xml(app: LocalServer, req: Request, args: list[str]) -> Response:
    return Response(200, _INVALID_XML, {"Content-Type": "application/rss+xml"})


def _challenge(app: LocalServer, req: Request, args: list[str]) -> Response:
    headers = {
        "Server": "cloudflare",
        "cf-mitigated": "challenge",
        "Content-Type": "text/html; charset=UTF-8",
    }
    return Response(_status_of(req, 403), _CHALLENGE_PAGE, headers)


def _echo(app: LocalServer, req: Request, args: list[str]) -> Response:
    body = json.dumps(req.headers, sort_keys=True).encode()
    return Response(200, body, {"Content-Type": "application/json"})


def _feed(app: LocalServer, req: Request, args: list[str]) -> Response:
    feed_id, items = args[0], int(req.query.get("items", 20))
    etag = '"' + hashlib.blake2b(f"{feed_id}:{items}".encode(), digest_size=8).hexdigest() + '"'
    return app.serve_bytes(
        req,
        lambda: _rss(feed_id, items),
        etag,
        _GENERATED_MTIME,
        "application/rss+xml",
        cache_key=("feed", feed_id, items),
    )


_BUILTINS: dict[str, Builtin] = {
    "status": _status,
    "gone": _gone,
    "retry-after": _retry_after,
    "flaky": _flaky,
    "redirect": _redirect_chain,
    "redirect-loop": _redirect_loop,
    "moved": _moved,
    "redirect-to": _redirect_to,
    "slow": _slow,
    "stall": _stall,
    "trickle": _trickle,
    "drip": _drip_route,
    "truncated": _truncated,
    "drop": _drop,
    "bomb": _bomb_route,
    "huge": _huge,
    "encoded": _encoded,
    "charset": _charset,
    "invalid-xml": _invalid_xml,
    "challenge": _challenge,
    "echo": _echo,
    "feed": _feed,
}


def _builtin(app: LocalServer, req: Request, parts: list[str]) -> Response:
    """Answer ``/_/<name>/<args…>``."""
    handler = _BUILTINS.get(parts[0])
    if handler is None:
        return Response(404, f"no built-in named {parts[0]!r}".encode())
    return handler(app, req, parts[1:])
