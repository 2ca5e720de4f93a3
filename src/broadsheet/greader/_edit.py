"""Writes: mark items read/unread and starred/unstarred, mark a whole stream read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from broadsheet.greader._http import bad_request, endpoint, param, params, text
from broadsheet.greader._ids import (
    KEPT_UNREAD,
    READ,
    STARRED,
    BadRequest,
    parse_item_id,
    parse_stream,
    parse_time,
)
from broadsheet.greader._streams import MAX_CONTENTS, stream_for
from broadsheet.reading import mark_read, mark_saved, mark_stream_read

__all__ = ["edit_tag", "mark_all_as_read"]


def _state(tag: str) -> str:
    """Return read | starred | unread for the tags we keep; folder tags on items are ignored."""
    try:
        kind = parse_stream(tag).kind
    except BadRequest:
        kind = ""
    if tag.endswith(KEPT_UNREAD.rsplit("/", 1)[-1]):
        return "unread"
    return kind if kind in ("read", "starred") else ""


@endpoint(methods=("POST",))
def edit_tag(request: HttpRequest, user_id: int) -> HttpResponse:
    """Add (``a``) or remove (``r``) the read and starred tags on items (``i``)."""
    raw = params(request, "i")
    if not raw:
        return bad_request("i (one or more item ids) is required")
    if len(raw) > MAX_CONTENTS:
        return bad_request(f"at most {MAX_CONTENTS} item ids per request; split the request")
    ids = list(dict.fromkeys(parse_item_id(v) for v in raw))
    added = [_state(t) for t in params(request, "a")]
    removed = [_state(t) for t in params(request, "r")]
    if not any(added + removed) and not (params(request, "a") or params(request, "r")):
        return bad_request(f"give a tag to add (a=) or remove (r=), e.g. {READ} or {STARRED}")
    if "read" in added or "unread" in removed:
        mark_read(user_id, ids)
    if "read" in removed or "unread" in added:
        mark_read(user_id, ids, read=False)
    if "starred" in added:  # clients retry stale ids: unknown items are skipped
        mark_saved(user_id, ids)
    if "starred" in removed:
        mark_saved(user_id, ids, saved=False)
    return text("OK")


@endpoint(methods=("POST",))
def mark_all_as_read(request: HttpRequest, user_id: int) -> HttpResponse:
    """Mark every item of stream ``s`` read, up to time ``ts`` when given."""
    stream_id = param(request, "s")
    if not stream_id:
        return bad_request("s (the stream id) is required")
    stream = stream_for(parse_stream(stream_id))
    ts = param(request, "ts")
    mark_stream_read(user_id, stream, parse_time(ts, "ts") if ts else None)
    return text("OK")
