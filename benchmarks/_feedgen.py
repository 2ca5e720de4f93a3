"""Realistic RSS feeds on a local server in its own process, for benchmarks/refresh_bench.py.

Run as ``python benchmarks/_feedgen.py --feeds N --items M``: it prints the port on stdout and
serves ``/feed/<i>.xml`` until stdin closes. Each feed has a state (0 at start); ``GET
/ctl/bump`` moves every feed to the next state (one new item on top, oldest dropped, new ETag
and Last-Modified). ``GET /ctl/stats`` returns the request counters as JSON, ``/ctl/reset``
clears them (control requests are not counted). Bodies and their gzip are built before the
port is printed, so timing never includes generating or compressing a feed.

The text is sampled from the ``text`` fields of
/work/shared/fixtures/stories/basil_triplets.jsonl at run time (seeded, so every run serves
the same bytes). The server runs in its own process so that it competes with the measured
tools for the CPU the same way for both, and never for Broadsheet's GIL.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import html
import json
import random
import re
import sys
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.server import LocalServer, Request, Response  # noqa: E402

STORIES = Path("/work/shared/fixtures/stories/basil_triplets.jsonl")
BASE_TIME = 1_720_000_000  # Last-Modified of state 0; each state adds an hour


def sentences() -> list[str]:
    """Every sentence of 40-300 characters in the stories' texts."""
    out: list[str] = []
    for line in STORIES.read_text(encoding="utf-8").splitlines():
        text = json.loads(line).get("text") or ""
        parts = (" ".join(s.split()) for s in re.split(r"(?<=[.!?”])\s+", text))
        out += [s for s in parts if 40 <= len(s) <= 300]
    return out


def _item(rng: random.Random, pool: list[str], feed: int, n: int) -> str:
    def para(chars: int) -> str:
        parts: list[str] = []
        while sum(map(len, parts)) < chars:
            parts.append(rng.choice(pool))
        return " ".join(parts)

    title = " ".join(rng.choice(pool).rstrip(".").split()[:14])
    link = f"https://news{feed % 37}.example.com/{2024 + n // 365}/story-{feed}-{n}.html"
    when = email.utils.formatdate(BASE_TIME - (1000 - n) * 1800 + feed, usegmt=True)
    body = "".join(f"<p>{html.escape(para(170))}</p>" for _ in range(3))
    return (
        f"<item><title>{html.escape(title)}</title><link>{link}</link>"
        f'<guid isPermaLink="false">urn:bench:{feed}:{n}</guid><pubDate>{when}</pubDate>'
        f"<dc:creator>{html.escape(rng.choice(pool).split()[0])} Reporter</dc:creator>"
        f"<category>Section {n % 7}</category>"
        f"<description>{html.escape(para(200))}</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
    )


def render(pool: list[str], feed: int, items: int, state: int) -> bytes:
    """Feed ``feed`` in ``state``: items numbered state..state+items-1, newest first."""
    numbers = range(state + items - 1, state - 1, -1)
    entries = "".join(_item(random.Random(feed * 100_003 + n), pool, feed, n) for n in numbers)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>\n'
        f"<title>Bench News {feed}</title><link>https://news{feed % 37}.example.com/</link>"
        f"<description>Local benchmark feed {feed}</description><language>en</language>\n"
        f"{entries}</channel></rss>\n"
    ).encode()


class FeedServer:
    """Serves ``feeds`` generated feeds in states 0 and 1, with validators and counters."""

    def __init__(self, feeds: int, items: int) -> None:
        pool = sentences()
        self.state = 0
        self.docs: dict[tuple[int, int], tuple[bytes, bytes, str, str]] = {}
        for state in (0, 1):
            for i in range(feeds):
                body = render(pool, i, items, state)
                etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
                lm = email.utils.formatdate(BASE_TIME + state * 3600 + i, usegmt=True)
                self.docs[(i, state)] = (body, gzip.compress(body, 6, mtime=0), etag, lm)
        self.stats: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.server = LocalServer()
        self.server.handle = self.handle  # type: ignore[method-assign]  # skip its request log

    def handle(self, req: Request) -> Response:
        path = req.route
        if path.startswith("/ctl/"):
            return self.control(path[5:])
        m = re.fullmatch(r"/feed/(\d+)\.xml", path)
        if not m or (int(m[1]), self.state) not in self.docs:
            return Response(404, b"not found")
        body, packed, etag, lm = self.docs[(int(m[1]), self.state)]
        headers = {
            "ETag": etag,
            "Last-Modified": lm,
            "Content-Type": "application/rss+xml",
            "Vary": "Accept-Encoding",
        }
        agent = "broadsheet" if "Broadsheet/" in req.headers.get("user-agent", "") else "other"
        inm, ims = req.headers.get("if-none-match"), req.headers.get("if-modified-since")
        fresh = inm == etag if inm is not None else ims == lm
        with self.lock:
            self.stats[f"{agent}:requests"] += 1
            self.stats[f"{agent}:conditional"] += bool(inm or ims)
            if fresh:
                self.stats[f"{agent}:304"] += 1
                return Response(304, b"", headers)
            self.stats[f"{agent}:200"] += 1
            if "gzip" in req.headers.get("accept-encoding", ""):
                self.stats[f"{agent}:gzip"] += 1
                headers["Content-Encoding"] = "gzip"
                body = packed
            self.stats[f"{agent}:bytes"] += len(body)
        return Response(200, body, headers)

    def control(self, action: str) -> Response:
        with self.lock:
            if action == "bump":
                self.state += 1
            elif action == "reset":
                self.stats.clear()
            data = {
                "state": self.state,
                "feed_bytes": len(self.docs[(0, self.state)][0]),
                **self.stats,
            }
        return Response(200, json.dumps(data).encode(), {"Content-Type": "application/json"})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    args = ap.parse_args()
    app = FeedServer(args.feeds, args.items)
    with app.server as server:
        print(server.port, flush=True)
        sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == "__main__":
    main()
