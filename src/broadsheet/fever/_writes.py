"""The Fever write call: ``mark`` an item read/unread/saved/unsaved, or a feed or group read.

``mark=item&as=read|unread|saved|unsaved&id=<item>``; ``mark=feed|group&as=read&id=<id>`` with
``before=<Unix time>`` (articles published after it, which the client has not seen, stay
unread). Group 0 is every feed, group -1 (Sparks) is empty. Unknown item ids are skipped, as
clients retry stale ones; an unknown feed or group is an error. The answer carries the updated
``unread_item_ids`` or ``saved_item_ids``, so a client can sync from it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from broadsheet.fever._params import BadCall, number, timestamp, value
from broadsheet.fever._reads import saved_section, unread_section
from broadsheet.reading import fever_stream, mark_read, mark_saved, mark_stream_read

__all__ = ["mark"]

ITEM_STATES = ("read", "unread", "saved", "unsaved")


def _item(user_id: int, state: str, item_id: int) -> dict[str, Any]:
    if state not in ITEM_STATES:
        raise BadCall(f"as={state[:20]!r}: an item is marked as {', '.join(ITEM_STATES)}")
    if state in ("read", "unread"):
        mark_read(user_id, [item_id], read=state == "read")
        return unread_section(user_id)
    mark_saved(user_id, [item_id], saved=state == "saved")
    return saved_section(user_id)


def mark(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """Apply the ``mark`` the request names and return the members to add to the answer."""
    what, state = value(request, "mark"), value(request, "as")
    if what not in ("item", "feed", "group"):
        raise BadCall(f"mark={what[:20]!r}: use mark=item, mark=feed or mark=group")
    ident = number(request, "id", negative=what == "group")
    if ident is None:
        raise BadCall(f"mark={what} needs id=<the {what}'s id>")
    if what == "item":
        return _item(user_id, state, ident)
    if state != "read":
        raise BadCall(f"as={state[:20]!r}: a {what} can only be marked as=read")
    before = timestamp(request, "before")  # a malformed call is refused before any lookup
    stream = fever_stream(user_id, what, ident)
    if stream is not None:
        mark_stream_read(user_id, stream, before)
    return unread_section(user_id)
