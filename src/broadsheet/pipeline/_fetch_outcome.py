"""What one feed fetch changes on its feed: validators, schedule, health and metadata.

Decided here from the fetch, its parse and what storing its items did; written by the refresh
(``storage.feeds.apply_fetches``) together with the other feeds of its batch. Only a feed that
failed, or failed before, reads its history (to diagnose it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from broadsheet import config
from broadsheet.errors import FetchError, HTTPStatusError
from broadsheet.fetch import FetchResult, is_challenge_page
from broadsheet.health import Diagnosis, FetchOutcome, diagnose, next_interval, retry_delay
from broadsheet.parse import ParsedFeed
from broadsheet.storage import feeds
from broadsheet.storage.articles import StoreResult
from broadsheet.storage.feeds import FeedFetchUpdate, FeedState

__all__ = ["Fetched", "failure_update", "success_update"]


@dataclass(frozen=True)
class Fetched:
    """One feed's fetch: its state before, the answer (or the error), when and how long."""

    state: FeedState
    result: FetchResult | None
    error: FetchError | None
    started: datetime
    duration: float

    @cached_property
    def body_hash(self) -> str | None:
        """SHA-256 of a fetched body (None for a 304 or a failure): computed once per fetch."""
        if self.result is None or self.result.not_modified:
            return None
        return hashlib.sha256(self.result.body).hexdigest()


def success_update(
    item: Fetched,
    parsed: ParsedFeed | None,
    stored: StoreResult | None,
    fixed_interval: int | None,
    now: datetime,
) -> FeedFetchUpdate:
    """Decide what a successful fetch changes (``fixed_interval``: the one staff or its reader
    set, else None to learn it from the feed)."""
    result, state, cfg = item.result, item.state, config.get()
    assert result is not None
    new = len(stored.new_ids) if stored else 0
    outcome = FetchOutcome(
        at=item.started,
        status=result.status,
        duration=item.duration,
        new_items=new,
        not_modified=result.not_modified,
        damage=(parsed.damage or "") if parsed else "",
    )
    interval = fixed_interval
    if interval is None and (parsed is not None or state.consecutive_failures):  # new evidence
        # The feed document itself shows its publishing rhythm; the database only when it is gone.
        times = [i.published for i in parsed.items if i.published] if parsed else []
        interval = next_interval(
            times or feeds.recent_item_times(state.id),
            now=now,
            min_minutes=cfg.poll_min_minutes,
            max_minutes=cfg.poll_max_minutes,
            ttl_minutes=parsed.ttl_minutes if parsed else None,
        )
    diagnosis = _diagnose(state, outcome, now)
    return FeedFetchUpdate(
        outcome=outcome,
        url=result.final_url,
        bytes=result.wire_bytes,
        updated_items=len(stored.updated_ids) if stored else 0,
        next_fetch_at=now + timedelta(minutes=interval or state.interval_minutes),
        interval_minutes=interval,
        health=diagnosis.state,
        health_message=diagnosis.message,
        etag=result.etag or "",
        last_modified=result.last_modified or "",
        body_hash=item.body_hash,
        new_url=result.permanent_redirect,
        metadata=_metadata(parsed) if parsed else {},
    )


def failure_update(item: Fetched, now: datetime, parse_error: str = "") -> FeedFetchUpdate:
    """Decide what a failed fetch (or a body that could not be parsed) changes: backoff, health."""
    cfg, state, error = config.get(), item.state, item.error
    status = item.result.status if item.result else (error.status if error else None)
    outcome = FetchOutcome(
        at=item.started,
        status=status,
        error_kind=_error_kind(error, parse_error),
        error_message=parse_error or str(error),
        duration=item.duration,
    )
    retry_after = error.retry_after if isinstance(error, HTTPStatusError) else None
    delay = retry_delay(
        state.consecutive_failures + 1,
        retry_after=retry_after,
        min_minutes=cfg.poll_min_minutes,
        max_minutes=cfg.poll_max_minutes,
    )
    diagnosis = _diagnose(state, outcome, now)
    return FeedFetchUpdate(
        outcome=outcome,
        url=state.url,
        next_fetch_at=now + timedelta(minutes=delay),
        health=diagnosis.state,
        health_message=diagnosis.message,
        bytes=item.result.wire_bytes if item.result else 0,
        disable_reason=diagnosis.message if status == 410 else None,
    )


def _metadata(parsed: ParsedFeed) -> dict[str, str]:
    return {
        "title": parsed.title,
        "site_url": parsed.site_url or "",
        "description": parsed.description,
        "language": parsed.language or "",
        "image": parsed.image or "",
        "format": parsed.format,
    }


def _error_kind(error: FetchError | None, parse_error: str) -> str:
    if parse_error:
        return "parse"
    assert error is not None
    if isinstance(error, HTTPStatusError) and error.status in (401, 403):
        challenged = is_challenge_page(error.status, {}, error.body)
        return "blocked" if challenged or error.status == 403 else error.kind
    return error.kind


def _diagnose(state: FeedState, outcome: FetchOutcome, now: datetime) -> Diagnosis:
    history = [outcome]
    if not outcome.ok or state.consecutive_failures:
        history += feeds.recent_outcomes(state.id, limit=50)
    last_new = now if outcome.new_items else state.last_new_item_at
    return diagnose(
        history,
        now=now,
        last_new_item_at=last_new,
        subscribed_at=state.created_at,
        stale_days=config.get().stale_days,
    )
