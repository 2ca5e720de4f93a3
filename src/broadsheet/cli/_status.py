"""`broadsheet status`: how many articles wait at each pipeline step, and since when."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("status", help="articles waiting at each pipeline step, and the oldest")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    """Print the pipeline's steps in order with the work waiting at each."""
    from django.utils import timezone

    from broadsheet.pipeline import progress

    now = timezone.now()
    steps = progress(now)
    oldest = {p.step: p.oldest for p in steps}
    rows = [
        {
            "step": p.step,
            "waiting": p.waiting,
            "in_progress": p.in_progress,
            "retrying": p.retrying,
            "oldest": p.oldest.isoformat() if p.oldest else None,
            "does": p.does,
        }
        for p in steps
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    print(f"{'step':<10} {'waiting':>8} {'working':>8} {'retrying':>8}  oldest")
    for row in rows:
        age = "-"
        if row["oldest"]:
            minutes = (now - oldest[row["step"]]).total_seconds() / 60  # type: ignore[operator]
            age = f"{minutes:.0f} min ago" if minutes < 120 else f"{minutes / 60:.1f} h ago"
        print(
            f"{row['step']:<10} {row['waiting']:>8} {row['in_progress']:>8} {row['retrying']:>8}  {age}"
        )
    total = sum(r["waiting"] for r in rows)
    print(f"{total} articles on their way" if total else "nothing waiting: every article is done")
    return 0
