"""Commands about search: reindex, search."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("reindex", help="rebuild the full-text search index from stored articles")
    p.set_defaults(func=cmd_reindex)
    p = sub.add_parser("search", help="search stored articles (full text, ranked)")
    p.add_argument("query")
    p.add_argument("--source", default="", help="outlet domain or name")
    p.add_argument("--language", default="")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=cmd_search)


def cmd_reindex(args: argparse.Namespace) -> int:
    """Re-index every article and say how many and how fast."""
    from broadsheet.cli._progress import bar
    from broadsheet.search import reindex_all

    start = time.perf_counter()
    update, close = bar("articles")
    done = reindex_all(progress=update)
    close()
    print(f"Indexed {done} articles in {time.perf_counter() - start:.1f} s.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Print the best matches, one per line: id, outlet, title."""
    from broadsheet.search import Filters, search

    results = search(
        args.query, Filters(source=args.source, language=args.language), per_page=args.limit
    )
    for hit in results.hits:
        print(f"{hit.article_id}\t{hit.outlet}\t{hit.title}")
    if results.notice:
        print(results.notice, file=sys.stderr)
    print(f"{results.total}{'+' if results.capped else ''} matches.", file=sys.stderr)
    return 0
