"""Starter data shipped with Broadsheet.

Two files live here: ``feeds.opml``, a starter subscription list of real public
news feeds used by ``make run`` when the internet is reachable, and
``demo_articles.jsonl``, an original, fictional offline demo corpus loaded when it
is not. See ``README.md`` in this directory for details.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

__all__ = ["demo_articles_path", "starter_opml_path"]


def starter_opml_path() -> Path:
    """Return the path of the bundled starter OPML subscription list."""
    return _HERE / "feeds.opml"


def demo_articles_path() -> Path:
    """Return the path of the bundled offline demo corpus (JSON Lines)."""
    return _HERE / "demo_articles.jsonl"
