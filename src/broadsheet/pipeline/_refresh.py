"""Refresh feeds: fetch concurrently, parse on both cores, store many feeds per transaction.

The fetch thread puts each answer on a queue; a body that changed is parsed in the process
pool; every finished fetch (a 304, an unchanged body, a parsed feed or a failure) waits in a
batch that is written in one transaction (its items, their work rows, each feed's validators,
health and fetch log) once it holds ``BATCH_FEEDS`` feeds or its oldest has waited
``BATCH_SECONDS``. A crash loses at most the batch being written: those feeds keep their old
validators, so the next refresh fetches and stores them again, each item once.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field

from django.utils import timezone

from broadsheet import config
from broadsheet.errors import FeedParseError, FetchError
from broadsheet.extract import parse_with_display
from broadsheet.fetch import Fetcher, FetchPolicy
from broadsheet.parse import ParsedFeed
from broadsheet.pipeline._fetch_outcome import Fetched, failure_update, success_update
from broadsheet.pipeline._outlets import place_fetched
from broadsheet.pipeline.flow import FIRST
from broadsheet.processes import parse_pool
from broadsheet.storage import articles, feeds, work
from broadsheet.storage.articles import FeedDocument
from broadsheet.storage.feeds import FeedState, OutletBasis
from broadsheet.storage.reader.subscriptions import fixed_intervals
from broadsheet.storage.transactions import one_transaction

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Parsed = tuple[ParsedFeed, dict[str, str]]  # a feed and each item's sanitised display HTML by key

BATCH_FEEDS = 100  # feeds written in one transaction at most
BATCH_SECONDS = 1.0  # how long a finished fetch may wait for others before it is written


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
class _Done:
    """A finished fetch waiting to be written: its parse, or why it has none."""

    fetched: Fetched
    parsed: Parsed | None = None  # None: a failure, a 304 or an unchanged body
    parse_error: str = ""

    @property
    def failed(self) -> bool:
        return self.fetched.result is None or bool(self.parse_error)


@dataclass(frozen=True)
class _Known:
    """What the run read once for all its feeds: fixed intervals and outlet bases."""

    intervals: Mapping[int, int]
    bases: Mapping[int, OutletBasis]


def _fetch_all(
    states: Sequence[FeedState], policy: FetchPolicy, out: queue.Queue[Fetched | None]
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
            out.put(Fetched(state, result, None, started, time.perf_counter() - t0))
        except FetchError as exc:
            out.put(Fetched(state, None, exc, started, time.perf_counter() - t0))
        except Exception as exc:  # a bug must not stop the other feeds
            log.exception("unexpected fetch failure", extra={"feed_id": state.id})
            error = FetchError(f"internal error: {exc}", url=state.url)
            out.put(Fetched(state, None, error, started, time.perf_counter() - t0))

    async def run() -> None:
        async with Fetcher(policy) as fetcher:
            await asyncio.gather(*(one(fetcher, s) for s in states))

    try:
        asyncio.run(run())
    finally:
        out.put(None)


def refresh_feeds(ids: Sequence[int], progress: Progress | None = None) -> RefreshReport:
    """Fetch, parse and store the given feeds; every feed's outcome is logged and diagnosed."""
    states = feeds.feed_states(ids)
    report = RefreshReport(feeds=len(states))
    if not states:
        return report
    t0 = time.perf_counter()
    feed_ids = [s.id for s in states]
    known = _Known(fixed_intervals(feed_ids), feeds.outlet_bases(feed_ids))
    pool = parse_pool() if len(states) >= 8 else None
    out: queue.Queue[Fetched | None] = queue.Queue()
    policy = FetchPolicy.from_settings(config.get())
    thread = threading.Thread(target=_fetch_all, args=(states, policy, out), daemon=True)
    thread.start()
    pending: list[tuple[Fetched, Future[Parsed]]] = []
    batch: list[_Done] = []
    batch_since = 0.0  # when the oldest fetch of the batch finished (0: the batch is empty)
    done = 0
    fetching = True
    while fetching or pending:
        try:
            item = out.get(timeout=0.01 if pending or batch else None)
        except queue.Empty:
            item = False  # type: ignore[assignment]
        if item is None:
            fetching = False
            report.network_seconds = time.perf_counter() - t0
        elif item:
            started = _start(item, report, pool)
            if isinstance(started, _Done):
                batch.append(started)
            else:
                pending.append((item, started))
        still = []
        for fetched, fut in pending:
            if fut.done():
                batch.append(_parsed(fetched, fut))
            else:
                still.append((fetched, fut))
        pending = still
        if batch and not batch_since:
            batch_since = time.perf_counter()
        if len(batch) >= BATCH_FEEDS or (
            batch and time.perf_counter() - batch_since > BATCH_SECONDS
        ):
            done += _write(batch, known, report)
            batch, batch_since = [], 0.0
            if progress:
                progress(done, len(states))
    if batch:
        done += _write(batch, known, report)
    if progress:
        progress(done, len(states))
    thread.join()
    report.seconds = time.perf_counter() - t0
    log.info(
        "refresh finished",
        extra={k: v for k, v in vars(report).items() if k not in ("new_article_ids", "errors")},
    )
    return report


def _start(item: Fetched, report: RefreshReport, pool: Executor | None) -> _Done | Future[Parsed]:
    """A fetch that needs no parsing is done; otherwise start parsing it and return the future."""
    result = item.result
    if result is None:
        return _Done(item)
    report.fetched += 1
    if result.not_modified or item.body_hash == item.state.body_hash:
        report.not_modified += result.not_modified
        report.unchanged += not result.not_modified
        return _Done(item)
    content_type = result.headers.get("content-type")
    if pool is not None:
        return pool.submit(parse_with_display, result.body, result.final_url, content_type)
    future: Future[Parsed] = Future()
    t = time.perf_counter()
    try:
        future.set_result(parse_with_display(result.body, result.final_url, content_type))
    except Exception as exc:
        future.set_exception(exc)
    report.parse_seconds += time.perf_counter() - t
    return future


def _parsed(item: Fetched, future: Future[Parsed]) -> _Done:
    try:
        return _Done(item, future.result())
    except FeedParseError as exc:
        return _Done(item, parse_error=str(exc))
    except Exception as exc:
        log.exception("parser crashed", extra={"feed_id": item.state.id})
        return _Done(item, parse_error=f"the parser crashed: {exc}")


def _write(batch: list[_Done], known: _Known, report: RefreshReport) -> int:
    """Write a batch in one transaction; if that fails, each feed on its own, so one feed that
    cannot be stored leaves the others stored (it keeps its old validators and is fetched again
    next time). Return how many feeds were written."""
    t = time.perf_counter()
    try:
        with one_transaction():  # items, work rows and fetch logs land together, or not at all
            written = _apply(batch, known)
    except Exception as exc:
        if len(batch) > 1:
            return sum(_write([one], known, report) for one in batch)
        state = batch[0].fetched.state
        log.exception("storing a fetched feed failed", extra={"feed_id": state.id})
        report.failed += 1
        report.errors[state.id] = f"internal error while storing the feed: {exc}"
        return 0
    _count(batch, written, report)
    report.store_seconds += time.perf_counter() - t
    return len(batch)


def _apply(batch: list[_Done], known: _Known) -> dict[int, articles.StoreResult]:
    """Store the batch's items, enter them at the first step, record every feed's fetch."""
    now = timezone.now()
    docs = [
        FeedDocument(one.fetched.state.id, one.parsed[0], one.parsed[1])
        for one in batch
        if one.parsed is not None
    ]
    # Before their items are stored, so that they land in their publishers' outlets.
    place_fetched([(d.feed_id, d.parsed) for d in docs], known.bases)
    stored = articles.store_feed_documents(docs, now) if docs else {}
    # Entered in the same transaction: a crash cannot store an item and lose it.
    work.enter([i for r in stored.values() for i in (*r.new_ids, *r.updated_ids)], FIRST, now)
    updates = []
    for one in batch:
        item, feed_id = one.fetched, one.fetched.state.id
        if one.failed:
            updates.append((feed_id, failure_update(item, now, one.parse_error)))
        else:
            parsed = one.parsed[0] if one.parsed else None
            interval = known.intervals.get(feed_id)
            update = success_update(item, parsed, stored.get(feed_id), interval, now)
            updates.append((feed_id, update))
    feeds.apply_fetches(updates)
    return stored


def _count(
    batch: list[_Done], stored: Mapping[int, articles.StoreResult], report: RefreshReport
) -> None:
    """Add a written batch to the report; failures are logged here, once they are recorded."""
    for one in batch:
        state = one.fetched.state
        if one.failed:
            message = one.parse_error or str(one.fetched.error)
            report.failed += 1
            report.errors[state.id] = message
            log.warning(
                "feed failed", extra={"feed_id": state.id, "url": state.url, "error": message}
            )
        result = stored.get(state.id)
        if result is not None:
            report.new_items += len(result.new_ids)
            report.updated_items += len(result.updated_ids)
            report.new_article_ids.extend(result.new_ids)
            report.new_article_ids.extend(result.updated_ids)
