"""Recording fetches: each feed's validators, schedule and health, and one fetch log row each.

A refresh records its feeds in batches, so the writes are shaped for many at once: the UPDATEs
of feeds that change the same columns go as one prepared statement (``executemany``), the log
rows as one INSERT. A feed's new values never depend on reading it first (a failure count is
incremented in SQL, metadata only fills what is empty), so two refreshes cannot lose a write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.db import connection, models, transaction

from broadsheet.health import FetchOutcome
from broadsheet.storage._bulk import bulk_insert
from broadsheet.storage.models import Feed, FetchLog

__all__ = ["FeedFetchUpdate", "apply_fetches"]

_METADATA_LIMITS = {"title": 500}  # the others are 2,000-character columns


@dataclass(frozen=True)
class FeedFetchUpdate:
    """Everything one fetch changes on a feed and logs about it."""

    outcome: FetchOutcome
    url: str
    bytes: int = 0
    updated_items: int = 0
    next_fetch_at: datetime | None = None
    interval_minutes: int | None = None
    health: str = ""
    health_message: str = ""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    new_url: str | None = None
    disable_reason: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Set:
    """One column's new value: as given, only if the column is empty, or one more."""

    column: str
    how: Literal["value", "fill", "increment"]
    value: Any = None


def apply_fetches(updates: Sequence[tuple[int, FeedFetchUpdate]]) -> set[int]:
    """Log each (feed id, ``FeedFetchUpdate``) and apply it to its feed, all in one transaction;
    return the ids of the feeds that still exist (a deleted feed's fetch is dropped)."""
    if not updates:
        return set()
    with transaction.atomic(savepoint=False):
        ids = [feed_id for feed_id, _ in updates]
        alive = set(Feed.objects.filter(id__in=ids).values_list("id", flat=True))
        kept = [(feed_id, update) for feed_id, update in updates if feed_id in alive]
        statements: dict[str, list[list[Any]]] = {}
        for feed_id, update in kept:
            sets = _changes(feed_id, update)
            sql, params = _statement(sets)
            statements.setdefault(sql, []).append([*params, feed_id])
        with connection.cursor() as cursor:
            for sql, rows in statements.items():
                cursor.executemany(sql, rows)
        bulk_insert(FetchLog, [_log_row(feed_id, update) for feed_id, update in kept])
    return alive


def _log_row(feed_id: int, update: FeedFetchUpdate) -> dict[str, Any]:
    o = update.outcome
    return {
        "feed_id": feed_id,
        "started_at": o.at,
        "url": update.url,
        "status": o.status,
        "duration_ms": int(o.duration * 1000),
        "bytes": update.bytes,
        "new_items": o.new_items,
        "updated_items": update.updated_items,
        "not_modified": o.not_modified,
        "error_kind": o.error_kind,
        "error_message": o.error_message[:2000],
    }


def _changes(feed_id: int, update: FeedFetchUpdate) -> list[_Set]:
    """The column changes of one fetch, in a fixed order (feeds with equal shapes share SQL)."""
    o = update.outcome
    sets = [_Set("last_fetched_at", "value", o.at)]
    if o.ok:
        sets += [
            _Set("last_success_at", "value", o.at),
            _Set("consecutive_failures", "value", 0),
            _Set("damage", "value", o.damage),
        ]
        if o.new_items:
            sets.append(_Set("last_new_item_at", "value", o.at))
    else:
        sets.append(_Set("consecutive_failures", "increment"))
    for name in ("etag", "last_modified", "body_hash"):
        value = getattr(update, name)
        if value is not None:
            sets.append(_Set(name, "value", value[:500]))
    if update.new_url and not Feed.objects.filter(url=update.new_url).exclude(id=feed_id).exists():
        sets.append(_Set("url", "value", update.new_url))
    if update.disable_reason:
        sets += [
            _Set("active", "value", False),
            _Set("disabled_reason", "value", update.disable_reason),
        ]
    if update.next_fetch_at is not None:
        sets.append(_Set("next_fetch_at", "value", update.next_fetch_at))
    if update.interval_minutes is not None:
        sets.append(_Set("interval_minutes", "value", update.interval_minutes))
    if update.health:
        sets += [
            _Set("health", "value", update.health),
            _Set("health_message", "value", update.health_message),
        ]
    for name, value in update.metadata.items():
        if value:  # fill what the user or an earlier fetch left empty; never overwrite
            sets.append(_Set(name, "fill", value[: _METADATA_LIMITS.get(name, 2000)]))
    return sets


def _statement(sets: list[_Set]) -> tuple[str, list[Any]]:
    """The UPDATE of one feed (its id the last parameter) and its parameters, values adapted."""
    quote = connection.ops.quote_name
    parts, params = [], []
    for s in sets:
        column = Feed._meta.get_field(s.column)
        assert isinstance(column, models.Field)
        col = quote(str(column.column))
        if s.how == "increment":
            parts.append(f"{col} = {col} + 1")
            continue
        if s.how == "fill":
            parts.append(f"{col} = CASE WHEN {col} = '' THEN %s ELSE {col} END")
        else:
            parts.append(f"{col} = %s")
        params.append(column.get_db_prep_save(s.value, connection))
    table = quote(Feed._meta.db_table)
    return f"UPDATE {table} SET {', '.join(parts)} WHERE {quote('id')} = %s", params
