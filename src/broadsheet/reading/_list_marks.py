"""Marks a reader makes from a list: "mark read up to here", and reading on scroll.

"Up to here" marks the rows a page showed, from the top of the list down to one of them, in one
request. The page sends those rows' ids; they are checked against the list's own definition
(the same stream or newest-articles list, from the same cursor) so a forged id outside the
reader's list is refused, and at most ``READ_UP_TO_LIMIT`` are marked at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import BroadsheetError
from broadsheet.storage.reader import marking, streams

__all__ = [
    "READ_UP_TO_LIMIT",
    "ListScope",
    "ReadUpToError",
    "mark_read_up_to",
    "scroll_read",
    "set_scroll_read",
]

READ_UP_TO_LIMIT = 500  # ten pages of a list; more at once is "mark all read", not "up to here"
LIST_KINDS = ("latest", "unread", "feed", "folder")


class ReadUpToError(BroadsheetError):
    """The ids sent to "mark read up to here" are not all in the list, or too many."""


@dataclass(frozen=True)
class ListScope:
    """Which list a page showed: its kind (latest | unread | feed | folder), the feed or folder,
    and the cursor (published, id) its first row came after, None for the top of the list."""

    kind: str
    feed_id: int | None = None
    folder: str = ""
    before: tuple[datetime, int] | None = None


def _in_list(user_id: int, scope: ListScope, ids: Sequence[int]) -> set[int]:
    if scope.kind == "latest":
        return marking.in_latest(user_id, ids, scope.before)
    if scope.kind == "unread":
        stream = streams.Stream("all")
    elif scope.kind == "feed" and scope.feed_id is not None:
        if scope.feed_id not in {s.feed_id for s in streams.subscriptions(user_id)}:
            raise ReadUpToError(f"you do not follow feed {scope.feed_id}; reload the page")
        stream = streams.Stream("feed", scope.feed_id)
    elif scope.kind == "folder" and scope.folder:
        stream = streams.Stream("label", label=scope.folder)
    else:
        raise ReadUpToError(f"unknown list {scope.kind!r}: one of {', '.join(LIST_KINDS)}")
    return marking.in_stream(user_id, stream, ids, scope.before)


def mark_read_up_to(user_id: int, scope: ListScope, ids: Sequence[int]) -> int:
    """Mark read the given rows of the reader's list (top down to the clicked one), all in one
    transaction; return how many were unread. Raise ReadUpToError, marking nothing, when one id
    is not in that list or there are more than READ_UP_TO_LIMIT."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise ReadUpToError("no articles were sent; reload the page and try again")
    if len(wanted) > READ_UP_TO_LIMIT:
        raise ReadUpToError(
            f"{len(wanted)} articles is more than {READ_UP_TO_LIMIT} at once; "
            "use “Mark all read” or mark read from further down"
        )
    outside = [i for i in wanted if i not in _in_list(user_id, scope, wanted)]
    if outside:
        shown = ", ".join(map(str, outside[:5])) + (", …" if len(outside) > 5 else "")
        raise ReadUpToError(
            f"{len(outside)} of these articles are not in this list ({shown}); reload the page"
        )
    return marking.mark_unread_read(user_id, wanted)


def scroll_read(user_id: int | None) -> bool:
    """Return whether this reader marks articles read by scrolling past them (never anonymous)."""
    return user_id is not None and marking.scroll_read(user_id)


def set_scroll_read(user_id: int, on: bool) -> None:
    """Turn marking read on scroll on or off for the reader, on every device."""
    marking.set_scroll_read(user_id, on)
