"""Commands about stories: stories, recluster, story-move, story-merge, story-split, story-why."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("stories", help="list stories (newest first) with their articles")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--ranked", action="store_true", help="front-page order (most outlets first)")
    p.set_defaults(func=cmd_stories)
    p = sub.add_parser("recluster", help="rebuild every story from scratch (keeps staff decisions)")
    p.set_defaults(func=cmd_recluster)
    p = sub.add_parser("story-move", help="move an article to another story (staff decision)")
    p.add_argument("article", type=int)
    p.add_argument("story", type=int)
    p.set_defaults(func=cmd_move)
    p = sub.add_parser("story-merge", help="merge a story into another (its ID then redirects)")
    p.add_argument("story", type=int)
    p.add_argument("into", type=int)
    p.set_defaults(func=cmd_merge)
    p = sub.add_parser("story-split", help="move some articles of a story into a new story")
    p.add_argument("story", type=int)
    p.add_argument("articles", type=int, nargs="+")
    p.set_defaults(func=cmd_split)
    p = sub.add_parser("story-why", help="explain why an article is in its story, and its related")
    p.add_argument("article", type=int)
    p.set_defaults(func=cmd_why)


def _card_json(card: Any) -> dict[str, Any]:
    from broadsheet.reading import article_cards

    data = asdict(card)
    data["articles"] = [
        {
            "id": a.id,
            "title": a.title,
            "url": a.url,
            "outlet": a.source,
            "published": a.published.isoformat() if a.published else None,
        }
        for a in article_cards(card.article_ids)
    ]
    return data


def cmd_stories(args: argparse.Namespace) -> int:
    """Print stories as a table or JSON."""
    from broadsheet.reading import front_stories, latest_stories

    cards = front_stories(args.limit) if args.ranked else latest_stories(args.limit)
    if args.format == "json":
        json.dump([_card_json(c) for c in cards], sys.stdout, default=str, indent=2)
        print()
        return 0
    for c in cards:
        when = c.last_published.strftime("%Y-%m-%d %H:%M") if c.last_published else "-"
        print(
            f"{c.id:>6}  {c.size:>3} articles  {len(c.outlets):>2} outlets  {when}  {c.headline[:70]}"
        )
    if not cards:
        print("no stories yet: import or refresh some articles first", file=sys.stderr)
    return 0


def cmd_recluster(args: argparse.Namespace) -> int:
    """Rebuild all stories."""
    from broadsheet.cli._progress import bar
    from broadsheet.pipeline import recluster

    update, close = bar("articles")
    report = recluster(progress=update)
    close()
    print(f"{report.articles} articles in {report.new_stories} stories")
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    """Apply a staff move."""
    from broadsheet.pipeline import move_article

    move_article(args.article, args.story)
    print(f"article {args.article} is now in story {args.story}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Apply a staff merge."""
    from broadsheet.pipeline import merge_stories

    merge_stories(args.story, args.into)
    print(f"story {args.story} merged into story {args.into}")
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    """Apply a staff split."""
    from broadsheet.pipeline import split_story

    new_id = split_story(args.story, args.articles)
    print(f"{len(args.articles)} articles moved from story {args.story} to new story {new_id}")
    return 0


def cmd_why(args: argparse.Namespace) -> int:
    """Print the stored explanation and the related articles of one article."""
    from broadsheet.reading import related_articles, story_explanation

    data = story_explanation(args.article)
    data["related"] = [asdict(r) for r in related_articles(args.article)]
    json.dump(data, sys.stdout, default=str, indent=2)
    print()
    return 0
