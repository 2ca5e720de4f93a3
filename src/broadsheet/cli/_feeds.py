"""Commands about the instance's feeds: add, import-opml, export-opml, refresh, feeds, remove and
feed edit. The command line is the operator's: what it adds and changes is every reader's."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from broadsheet.cli._progress import bar
from broadsheet.errors import FeedEditError, NotFoundError, OPMLError


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "add", help="subscribe to a feed (or a site's home page: its feed is discovered)"
    )
    p.add_argument("url")
    p.add_argument(
        "--category", default="", help="category path, nested with '/' (e.g. 'News/World')"
    )
    p.add_argument("--no-refresh", action="store_true", help="do not fetch its items now")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("import-opml", help="subscribe to every feed of an OPML file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_import_opml)
    p = sub.add_parser("export-opml", help="print subscriptions as OPML")
    p.set_defaults(func=cmd_export_opml)
    p = sub.add_parser("refresh", help="fetch feeds (default: keep polling due feeds)")
    p.add_argument("--once", action="store_true", help="refresh every feed once now, then exit")
    p.add_argument("--feed", type=int, action="append", help="only this feed id (repeatable)")
    p.add_argument("--no-extract", action="store_true", help="store items without fetching pages")
    p.set_defaults(func=cmd_refresh)
    p = sub.add_parser("feeds", help="list feeds with their health")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_feeds)
    p = sub.add_parser("remove", help="delete a feed for everyone (articles readers saved stay)")
    p.add_argument("feed_id", type=int, metavar="ID")
    p.set_defaults(func=cmd_remove)
    p = sub.add_parser("feed", help="change a feed: `feed edit ID --title ... --no-page`")
    actions = p.add_subparsers(dest="feed_command", required=True, metavar="ACTION")
    e = actions.add_parser("edit", help="rename, move, re-address or re-schedule a feed")
    e.add_argument("feed_id", type=int, metavar="ID")
    e.add_argument("--title", help="the feed's title")
    e.add_argument("--folder", help="its category, nested with '/' (empty: none)")
    e.add_argument("--url", help="a new address for the feed")
    e.add_argument(
        "--interval", type=int, metavar="MINUTES", help="refresh every MINUTES (0: learn it)"
    )
    pages = e.add_mutually_exclusive_group()
    pages.add_argument(
        "--no-page", action="store_true", help="use the feed's text, do not fetch article pages"
    )
    pages.add_argument("--page", action="store_true", help="fetch article pages again")
    e.set_defaults(func=cmd_feed_edit)


def cmd_add(args: argparse.Namespace) -> int:
    """Subscribe, then fetch the feed's items once."""
    from broadsheet.pipeline import subscribe, tasks

    category = tuple(part for part in args.category.split("/") if part.strip())
    result = subscribe(args.url, category)
    verb = "subscribed to" if result.created else "already subscribed to"
    print(f"{verb} feed {result.feed_id}: {result.title or result.url} <{result.url}>")
    if not args.no_refresh:
        report = tasks.refresh_feed(result.feed_id)
        print(f"{report.new_items} new items")
    return 0


def cmd_import_opml(args: argparse.Namespace) -> int:
    """Subscribe to the feeds of an OPML file."""
    from broadsheet.pipeline import import_opml

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise OPMLError(f"cannot read {args.file}: {exc.strerror}") from None
    report = import_opml(data)
    print(f"{report.added} feeds added, {report.existing} already subscribed")
    for line in report.refused:
        print(f"refused {line}", file=sys.stderr)
    return 0


def cmd_export_opml(args: argparse.Namespace) -> int:
    """Print the OPML document."""
    from broadsheet.pipeline import export_opml

    sys.stdout.write(export_opml())
    return 0


def _refresh_round(ids: list[int] | None, extract: bool) -> int:
    """Refresh these feeds (all active ones when None) once; return how many failed."""
    from broadsheet.pipeline import extract_articles, refresh_feeds
    from broadsheet.reading import feed_cards

    if ids is None:
        ids = sorted(card.id for card in feed_cards() if card.active)
    update, close = bar("feeds")
    report = refresh_feeds(ids, progress=update)
    close()
    print(
        f"{report.feeds} feeds: {report.fetched} fetched ({report.not_modified} not modified), "
        f"{report.failed} failed, {report.new_items} new and {report.updated_items} updated items "
        f"in {report.seconds:.1f} s",
        file=sys.stderr,
    )
    if extract and report.new_article_ids:
        update, close = bar("articles")
        ext = extract_articles(report.new_article_ids, progress=update)
        close()
        print(
            f"{ext.articles} articles: {ext.from_page} from their page, {ext.from_feed} from the "
            f"feed ({ext.page_failures} page failures) in {ext.seconds:.1f} s",
            file=sys.stderr,
        )
    return report.failed


def cmd_refresh(args: argparse.Namespace) -> int:
    """Refresh now (--once / --feed), or keep polling due feeds until interrupted."""
    from broadsheet.pipeline.scheduler import run_round
    from broadsheet.reading import feed_card

    if args.feed:
        for feed_id in args.feed:
            feed_card(feed_id)  # fail clearly on an unknown id
    if args.once or args.feed:
        failed = _refresh_round(args.feed, not args.no_extract)
        if failed:
            print(
                f"broadsheet: error: {failed} feed{'s' if failed != 1 else ''} failed to refresh; "
                "`broadsheet feeds` says why",
                file=sys.stderr,
            )
            return 1
        return 0
    import logging

    from broadsheet import config

    if _lock_in_redis():  # the scheduler of `serve` beside workers: one leads at a time
        from broadsheet.cli._roles import lead_rounds

        return lead_rounds(30.0, 120.0)
    logging.getLogger().setLevel(config.get().log_level.upper())
    print("polling due feeds; Ctrl-C to stop", file=sys.stderr)
    while True:
        run_round()  # a failed round (database locked, disk full) is logged; the next one runs
        time.sleep(30)


def _lock_in_redis() -> bool:
    """Whether a broker is set and the scheduler lock has a Redis to live in."""
    from broadsheet import config
    from broadsheet.errors import ConfigError
    from broadsheet.pipeline.leader import lock_url

    cfg = config.get()
    if not cfg.broker_url:
        return False
    try:
        lock_url(cfg.broker_url, cfg.cache_url)
    except ConfigError:
        return False
    return True


def _fmt(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def cmd_feeds(args: argparse.Namespace) -> int:
    """Print the feeds with their health diagnosis."""
    from broadsheet.reading import feed_cards

    rows = feed_cards()
    if args.format == "json":
        json.dump([asdict(r) for r in rows], sys.stdout, default=str, indent=2)
        print()
        return 0
    if not rows:
        raise NotFoundError("no feeds yet: add one with `broadsheet add URL`")
    for r in rows:
        print(
            f"{r.id:>5}  {r.health:<15} {(r.title or r.url)[:50]:<50} {r.articles:>6} items  "
            f"last fetch {_fmt(r.last_fetched_at)}  next {_fmt(r.next_fetch_at)}"
        )
        print(f"       {r.health_message}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete the feed and its articles, except those a reader saved."""
    from broadsheet.pipeline import remove_feed
    from broadsheet.reading import feed_card

    card = feed_card(args.feed_id)
    deleted, kept = remove_feed(None, args.feed_id)
    print(
        f"removed feed {card.id}: {card.title or card.url} ({deleted} articles deleted, "
        f"{kept} saved by readers kept)"
    )
    return 0


def cmd_feed_edit(args: argparse.Namespace) -> int:
    """Apply the given changes to the feed and print what it is now."""
    from broadsheet.pipeline import FeedEdit, edit_feed
    from broadsheet.reading import feed_card

    pages = False if args.no_page else (True if args.page else None)
    edit = FeedEdit(
        title=args.title,
        folder=args.folder,
        url=args.url,
        interval=args.interval,
        fetch_pages=pages,
    )
    if edit == FeedEdit():
        raise FeedEditError(
            "nothing to change: give --title, --folder, --url, --interval, --no-page or --page"
        )
    edit_feed(None, args.feed_id, edit)
    card = feed_card(args.feed_id)
    print(f"feed {card.id}: {card.title or card.url} <{card.url}> in {card.category or '(none)'}")
    return 0
