"""The one place that asks whether other parts of Broadsheet are installed yet.

Each panel (story, related articles, intelligence, summaries, reader state) shows only when its
module exists; views call these helpers and get ``None`` (or an empty value) otherwise. A panel
that fails is logged and left out, so one broken part never takes a page down. The lead removes
these guards at integration.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from functools import cache
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)

STORIES = "broadsheet.storage.stories.queries"
INTEL = "broadsheet.storage.intel.queries"
SUMMARIES = "broadsheet.storage.summaries.queries"
READER = "broadsheet.storage.reader.queries"


@cache
def module(name: str) -> ModuleType | None:
    """Return the module if it is installed, else None."""
    try:
        return importlib.import_module(name) if importlib.util.find_spec(name) else None
    except ImportError:
        log.exception("panel module failed to import", extra={"module": name})
        return None


def has(name: str, function: str) -> bool:
    """True when ``name.function`` exists."""
    return getattr(module(name), function, None) is not None


def call(name: str, function: str, *args: Any, default: Any = None, **kwargs: Any) -> Any:
    """Call ``name.function(*args)``; return ``default`` when it is missing or fails."""
    fn = getattr(module(name), function, None)
    if fn is None:
        return default
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        if type(exc).__name__ == "NotFoundError":
            return default
        log.exception("panel failed", extra={"module": name, "function": function})
        return default


def must(name: str, function: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``name.function(*args)`` letting its errors through (for pages that need it)."""
    fn = getattr(module(name), function, None)
    if fn is None:
        from broadsheet.errors import NotFoundError

        raise NotFoundError(f"{name} is not installed")
    return fn(*args, **kwargs)


# Named helpers, so views read plainly -------------------------------------------------------

def front_page(limit: int, offset: int = 0) -> list[Any] | None:
    """Top stories, or None when the story engine is not installed."""
    return call(STORIES, "front_page", limit, offset) if has(STORIES, "front_page") else None


def article_story(article_id: int) -> Any:
    """The story an article belongs to, if any."""
    return call(STORIES, "article_story", article_id)


def related(article_id: int, limit: int = 8) -> list[Any]:
    """Related articles with reasons."""
    return call(STORIES, "related", article_id, limit, default=[])


def article_intel(article_id: int) -> Any:
    """Entities, hashtags, quotes and embeds of an article."""
    return call(INTEL, "article_intel", article_id)


def article_summary(article_id: int) -> Any:
    """A cited summary of an article."""
    return call(SUMMARIES, "article_summary", article_id)


def story_summary(story_id: int) -> Any:
    """A cited summary of a story, with outlet additions and disagreements."""
    return call(SUMMARIES, "story_summary", story_id)


def can_ask() -> bool:
    """True when questions can be answered."""
    return has(SUMMARIES, "ask")


def reader_state(user_id: int | None, ids: list[int]) -> tuple[set[int], set[int]]:
    """(read IDs, saved IDs) among ``ids`` for a signed-in user."""
    if not user_id or not ids:
        return set(), set()
    read = call(READER, "is_read", user_id, ids, default=set())
    saved = call(READER, "is_saved", user_id, ids, default=None)
    if saved is None:
        saved = set(call(READER, "saved_ids", user_id, default=[])) & set(ids)
    return set(read), set(saved)


def muted_sources(user_id: int | None) -> set[int]:
    """Source IDs the user muted."""
    return set(call(READER, "muted_sources", user_id, default=set())) if user_id else set()


def _name(item: Any, *fields: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, tuple | list):
        return str(item[0])
    return next((str(getattr(item, f)) for f in fields if getattr(item, f, None)), str(item))


def top_tags(limit: int = 12) -> list[str]:
    """The most used hashtags (sections), as plain tag names."""
    return [_name(t, "tag", "name") for t in call(INTEL, "top_tags", limit, default=[])]


def top_entities(limit: int = 12) -> list[str]:
    """The most mentioned people and organisations, as names."""
    return [_name(e, "canonical", "name", "display") for e in call(INTEL, "top_entities", limit,
                                                                    default=[])]


STREAMS = "broadsheet.storage.reader.streams"


def unread_by_feed(user_id: int | None) -> dict[int, int]:
    """Unread article count per feed for a signed-in reader."""
    if not user_id:
        return {}
    return {row[0]: row[1] for row in call(STREAMS, "unread_counts", user_id, default=[])}


def mark_feed_read(user_id: int, feed_id: int) -> int:
    """Mark every article of one feed read; return how many."""
    stream = getattr(module(STREAMS), "Stream", None)
    if stream is None:
        return 0
    return int(call(STREAMS, "mark_stream_read", user_id, stream("feed", feed_id), default=0))
