"""Refresh feeds: fetch concurrently, parse on both cores, store each feed's items once."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.utils import timezone

from broadsheet import config
from broadsheet.errors import FeedParseError, FetchError, HTTPStatusError
from broadsheet.extract import parse_with_display
from broadsheet.fetch import Fetcher, FetchPolicy, FetchResult, is_challenge_page
from broadsheet.health import Diagnosis, FetchOutcome, diagnose, next_interval, retry_delay
from broadsheet.parse import ParsedFeed
from broadsheet.pipeline._outlets import place_fetched
from broadsheet.pipeline.flow import FIRST
from broadsheet.processes import parse_pool
from broadsheet.storage import articles, feeds, work
from broadsheet.storage.articles import StoreResult
from broadsheet.storage.feeds import FeedFetchUpdate, FeedState
from broadsheet.storage.reader.subscriptions import fixed_interval
from broadsheet.storage.transactions import one_transaction

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Parsed = tuple[ParsedFeed, dict[str, str]]  # a feed and each item's sanitised display HTML by key


@dataclass
class RefreshReport:
    """What one refresh run did, and where its time went."""

    feeds: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    failed: int = 0
    new_items: int = 0
    updated_items: int = 0
    seconds: float = 0.0
    network_seconds: float = 0.0
    parse_seconds: float = 0.0
    store_seconds: float = 0.0
    new_article_ids: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Fetched:
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


def _fetch_all(
    states: Sequence[FeedState], policy: FetchPolicy, out: queue.Queue[_Fetched | None]
) -> None:
    async def one(fetcher: Fetcher, state: FeedState) -> None:
        started, t0 = timezone.now(), time.perf_counter()
        try:
            result = await fetcher.get(
                state.url,
                etag=state.etag or None,
                last_modified=state.last_modified or None,
                purpose="feed",
            )
            out.put(_Fetched(state, result, None, started, time.perf_counter() - t0))
        except FetchError as exc:
            out.put(_Fetched(state, None, exc, started, time.perf_counter() - t0))
        except Exception as exc:  # a bug must not stop the other feeds
            log.exception("unexpected fetch failure", extra={"feed_id": state.id})
            out.put(
                _Fetched(
                    state,
                    None,
                    FetchError(f"internal error: {exc}", url=state.url),
                    started,
                    time.perf_counter() - t0,
                )
            )

    async def run() -> None:
        async with Fetcher(policy) as fetcher:
            await asyncio.gather(*(one(fetcher, s) for s in states))

    try:
        asyncio.run(run())
    finally:
        out.put(None)


def refresh_feeds(ids: Sequence[int], progress: Progress | None = None) -> RefreshReport:
    """Fetch, parse and store the given feeds; every feed's outcome is logged and diagnosed."""
    cfg = config.get()
    states = feeds.feed_states(ids)
    report = RefreshReport(feeds=len(states))
    if not states:
        return report
    t0 = time.perf_counter()
    pool = parse_pool() if len(states) >= 8 else None
    out: queue.Queue[_Fetched | None] = queue.Queue()
    policy = FetchPolicy.from_settings(cfg)
    thread = threading.Thread(target=_fetch_all, args=(states, policy, out), daemon=True)
    thread.start()
    pending: list[tuple[_Fetched, Future[Parsed]]] = []
    done = 0
    fetching = True
    while fetching or pending:
        try:
            item = out.get(timeout=0.01 if pending else None)
        except queue.Empty:
            item = False  # type: ignore[assignment]
        if item is None:
            fetching = False
            report.network_seconds = time.perf_counter() - t0
        elif item:
            future = _handle_fetched(item, report, pool)
            if future is not None:
                pending.append((item, future))
            else:
                done += 1
        still = []
        for fetched, fut in pending:
            if fut.done():
                _store_parsed(fetched, fut, report)
                done += 1
            else:
                still.append((fetched, fut))
        pending = still
        if progress:
            progress(done, len(states))
    thread.join()
    report.seconds = time.perf_counter() - t0
    log.info(
        "refresh finished",
        extra={k: v for k, v in vars(report).items() if k not in ("new_article_ids", "errors")},
    )
    return report


def _handle_fetched(
    item: _Fetched, report: RefreshReport, pool: object | None
) -> Future[Parsed] | None:
    """Record a fetch that needs no parsing, or start parsing it and return the future."""
    result = item.result
    if result is None:
        _record_failure(item, report)
        return None
    report.fetched += 1
    if result.not_modified or item.body_hash == item.state.body_hash:
        report.not_modified += result.not_modified
        report.unchanged += not result.not_modified
        _record_success(item, None, report)
        return None
    content_type = result.headers.get("content-type")
    if pool is not None:
        return pool.submit(parse_with_display, result.body, result.final_url, content_type)  # type: ignore[attr-defined, no-any-return]
    future: Future[Parsed] = Future()
    t = time.perf_counter()
    try:
        future.set_result(parse_with_display(result.body, result.final_url, content_type))
    except Exception as exc:
        future.set_exception(exc)
    report.parse_seconds += time.perf_counter() - t
    return future


def _store_parsed(item: _Fetched, future: Future[Parsed], report: RefreshReport) -> None:
    try:
        parsed = future.result()
    except FeedParseError as exc:
        _record_failure(item, report, parse_error=str(exc))
        return
    except Exception as exc:
        log.exception("parser crashed", extra={"feed_id": item.state.id})
        _record_failure(item, report, parse_error=f"the parser crashed: {exc}")
        return
    _record_success(item, parsed, report)


def _record_success(item: _Fetched, parsed_display: Parsed | None, report: RefreshReport) -> None:
    t = time.perf_counter()
    result, state = item.result, item.state
    assert result is not None
    now = timezone.now()
    parsed, display = parsed_display or (None, None)
    with one_transaction():  # items and the fetch log land together, or not at all
        if parsed:  # before its items are stored, so they land in the publisher's outlet
            place_fetched(state.id, parsed)
        stored = articles.store_feed_items(state.id, parsed, now, display) if parsed else None
        if stored:  # entered in the same transaction: a crash cannot store an item and lose it
            work.enter([*stored.new_ids, *stored.updated_ids], FIRST, now)
        feeds.apply_fetch(state.id, _success_update(item, parsed, stored, now))
    new = len(stored.new_ids) if stored else 0
    if stored:
        report.new_items += new
        report.updated_items += len(stored.updated_ids)
        report.new_article_ids.extend(stored.new_ids)
        report.new_article_ids.extend(stored.updated_ids)
    report.store_seconds += time.perf_counter() - t


def _success_update(
    item: _Fetched, parsed: ParsedFeed | None, stored: StoreResult | None, now: datetime
) -> FeedFetchUpdate:
    """Decide what a successful fetch changes: validators, schedule, health and metadata."""
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
    interval = fixed_interval(state.id)  # set by staff or the feed's reader, else learnt
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


def _record_failure(item: _Fetched, report: RefreshReport, parse_error: str = "") -> None:
    t = time.perf_counter()
    cfg, now, state, error = config.get(), timezone.now(), item.state, item.error
    status = item.result.status if item.result else (error.status if error else None)
    message = parse_error or str(error)
    outcome = FetchOutcome(
        at=item.started,
        status=status,
        error_kind=_error_kind(error, parse_error),
        error_message=message,
        duration=item.duration,
    )
    retry_after = error.retry_after if isinstance(error, HTTPStatusError) else None
    delay = retry_delay(
        state.consecutive_failures + 1,
        retry_after=retry_after,
        min_minutes=cfg.poll_min_minutes,
        max_minutes=cfg.poll_max_minutes,
    )
    gone = status == 410
    diagnosis = _diagnose(state, outcome, now)
    feeds.apply_fetch(
        state.id,
        FeedFetchUpdate(
            outcome=outcome,
            url=state.url,
            next_fetch_at=now + timedelta(minutes=delay),
            health=diagnosis.state,
            health_message=diagnosis.message,
            bytes=item.result.wire_bytes if item.result else 0,
            disable_reason=diagnosis.message if gone else None,
        ),
    )
    report.failed += 1
    report.errors[state.id] = message
    log.warning(
        "feed failed",
        extra={
            "feed_id": state.id,
            "url": state.url,
            "error_kind": outcome.error_kind,
            "error": message,
        },
    )
    report.store_seconds += time.perf_counter() - t


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
