"""Google Reader identifiers: item ids (long hex form and short decimal form) and stream ids.

Pure functions; a malformed id raises ``BadRequest`` whose message the client sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = [
    "ITEM_PREFIX",
    "BadRequest",
    "StreamId",
    "continuation",
    "item_id",
    "label_id",
    "outlet_source",
    "outlet_stream",
    "parse_continuation",
    "parse_item_id",
    "parse_stream",
    "parse_time",
    "usec",
]

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
READING_LIST = "user/-/state/com.google/reading-list"
STARRED = "user/-/state/com.google/starred"
READ = "user/-/state/com.google/read"
KEPT_UNREAD = "user/-/state/com.google/kept-unread"
OUTLET_REF = "broadsheet:outlet/"  # feed/broadsheet:outlet/<id>: articles of no feed, by outlet
MAX_ID = 2**63 - 1


class BadRequest(Exception):
    """The request cannot be understood; the message says which parameter and why."""


@dataclass(frozen=True)
class StreamId:
    """A parsed stream: kind is all | feed | label | starred | read; ``ref`` the feed or label."""

    kind: str
    ref: str = ""


def item_id(article_id: int) -> str:
    """Return the long form id of an article."""
    return f"{ITEM_PREFIX}{article_id:016x}"


def parse_item_id(value: str) -> int:
    """Return the article id of a long form (tag:…/<16 hex>), bare 16-hex or decimal item id."""
    text = value.strip()
    try:
        if text.startswith(ITEM_PREFIX):
            number = int(text[len(ITEM_PREFIX) :], 16)
        elif len(text) == 16 and (not text.isdigit() or text.startswith("0")):
            number = int(text, 16)  # bare hex: decimal ids are never zero-padded
        else:
            number = int(text, 10)
    except ValueError:
        raise BadRequest(
            f"invalid item id {value[:80]!r}: expected {ITEM_PREFIX}<16 hex digits> or a decimal id"
        ) from None
    if not 0 < number <= MAX_ID:
        raise BadRequest(f"invalid item id {value[:80]!r}: out of range")
    return number


def _normalise(stream: str) -> str:
    """Clients write user/<their id>/… or user/-/…; both mean the same."""
    if stream.startswith("user/"):
        parts = stream.split("/", 2)
        if len(parts) == 3:
            return f"user/-/{parts[2]}"
    return stream


def parse_stream(value: str) -> StreamId:
    """Return the stream a stream id names, or raise BadRequest for ids we do not serve."""
    stream = _normalise(value.strip())
    if stream == READING_LIST:
        return StreamId("all")
    if stream == STARRED:
        return StreamId("starred")
    if stream == READ:
        return StreamId("read")
    if stream.startswith("user/-/label/") and len(stream) > len("user/-/label/"):
        return StreamId("label", stream[len("user/-/label/") :])
    if stream.startswith("feed/") and len(stream) > len("feed/"):
        return StreamId("feed", stream[len("feed/") :])
    raise BadRequest(
        f"unknown stream id {value[:200]!r}: use feed/<url>, user/-/label/<name> or "
        "user/-/state/com.google/(reading-list|starred|read)"
    )


def outlet_stream(source_id: int) -> str:
    """Return the stream id of an outlet's articles that came from no feed (0: of no outlet)."""
    return f"feed/{OUTLET_REF}{source_id}"


def outlet_source(ref: str) -> int | None:
    """Return the outlet id a feed stream's ``ref`` names, None when it names a feed."""
    if not ref.startswith(OUTLET_REF):
        return None
    number = ref[len(OUTLET_REF) :]
    if not number.isdigit() or len(number) > 18:
        raise BadRequest(f"invalid outlet stream feed/{ref[:80]!r}: subscription/list names them")
    return int(number)


def label_id(name: str) -> str:
    """Return the stream id of a folder."""
    return f"user/-/label/{name}"


def usec(when: datetime) -> int:
    """Return a time as microseconds since the epoch."""
    return int(when.timestamp() * 1_000_000)


def parse_time(value: str, name: str) -> datetime:
    """Return a time given in seconds, milliseconds or microseconds since the epoch."""
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"invalid {name}={value[:40]!r}: expected a Unix timestamp") from None
    if number > 10**14:
        number //= 1_000_000
    elif number > 10**11:
        number //= 1_000
    try:
        return datetime.fromtimestamp(max(number, 0), UTC)
    except (OverflowError, OSError, ValueError):
        raise BadRequest(f"invalid {name}={value[:40]!r}: out of range") from None


def continuation(when: datetime, article_id: int) -> str:
    """Return the continuation token for the page after (when, id)."""
    return f"{usec(when)}_{article_id}"


def parse_continuation(value: str) -> tuple[datetime, int]:
    """Return (when, id) from a continuation token, or raise BadRequest."""
    try:
        stamp, article_id = value.split("_")
        when = datetime.fromtimestamp(int(stamp) / 1_000_000, UTC)
        number = int(article_id)
    except (ValueError, OverflowError, OSError):
        raise BadRequest(
            f"invalid continuation c={value[:40]!r}: pass back the `continuation` "
            "of the previous page unchanged"
        ) from None
    if not 0 < number <= MAX_ID:
        raise BadRequest(f"invalid continuation c={value[:40]!r}")
    return when, number
