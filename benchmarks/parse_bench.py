"""Milliseconds per feed for parse_feed: the lxml fast path against the feedparser path.

Two corpora, each parsed both ways in the same run (one core, this process):

  generated  N feeds from _feedgen.py (RSS 2.0, 20 items, ~29 KB each: the refresh benchmark's)
  fixtures   every shared fixture feed parse_feed accepts (real publishers and odd cases);
             those the fast path declines cost the same both ways plus the fast path's look

The fast column is ``parse_feed`` as shipped (fast path, falling back where it must); the
slow column forces feedparser for every document. Each corpus is timed ``--repeat`` times
and the best run is kept. Times are CPU time of this process (the machine is shared, so
wall time would count other work); read the ratio, not absolute milliseconds.

Usage:
  python benchmarks/parse_bench.py [--feeds 500] [--items 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

from tests.support.shared import FIXTURES  # noqa: E402

from _feedgen import render, sentences  # noqa: E402
from broadsheet.errors import FeedParseError  # noqa: E402
from broadsheet.parse import ParsedFeed, parse_feed  # noqa: E402
from broadsheet.parse._fast import parse_fast  # noqa: E402
from broadsheet.parse._parse import _parse_slow  # noqa: E402

Parser = Callable[[bytes, str], ParsedFeed]


def _generated(feeds: int, items: int) -> list[tuple[bytes, str]]:
    pool = sentences()
    return [
        (render(pool, n, items, 0), f"http://127.0.0.1:8000/feed/{n}.xml") for n in range(feeds)
    ]


def _fixtures() -> list[tuple[bytes, str]]:
    docs = []
    for path in sorted((FIXTURES / "feeds").rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".json"):
            continue
        body = path.read_bytes()
        try:
            _parse_slow(body, "https://example.com/feed.xml")
        except FeedParseError:
            continue
        docs.append((body, "https://example.com/feed.xml"))
    return docs


def _best_ms(parse: Parser, docs: list[tuple[bytes, str]], repeat: int) -> float:
    """Return the best total over ``repeat`` runs, in milliseconds per document."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for body, url in docs:
            parse(body, url)
        best = min(best, time.process_time() - start)
    return best * 1000 / len(docs)


def _report(name: str, docs: list[tuple[bytes, str]], repeat: int) -> None:
    accepted = sum(parse_fast(body, url, None) is not None for body, url in docs)
    kb = sum(len(body) for body, _ in docs) / len(docs) / 1024
    fast = _best_ms(parse_feed, docs, repeat)
    slow = _best_ms(_parse_slow, docs, repeat)
    print(
        f"{name:<10} {len(docs):>5} docs  {kb:6.1f} KB avg  fast path taken {accepted:>4}  "
        f"fast {fast:7.3f} ms  feedparser {slow:7.3f} ms  speed-up x{slow / fast:5.1f}"
    )


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--feeds", type=int, default=500)
    args.add_argument("--items", type=int, default=20)
    args.add_argument("--repeat", type=int, default=3)
    opts = args.parse_args()
    generated = _generated(opts.feeds, opts.items)
    for body, url in generated[:20]:  # the numbers mean nothing unless both paths agree
        assert parse_feed(body, url) == _parse_slow(body, url)
    _report("generated", generated, opts.repeat)
    _report("fixtures", _fixtures(), opts.repeat)


if __name__ == "__main__":
    main()
