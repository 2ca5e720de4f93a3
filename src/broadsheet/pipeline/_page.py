"""Pipeline step "page": fetch each article's web page, storing each one the moment it arrives.

load: the articles' URLs and work rows (storage) → decide: fetch them concurrently, each under
a total deadline (``BROADSHEET_PAGE_DEADLINE``), skipping at once hosts that just failed to
connect → apply: per article, one transaction storing the page (or why there is none) and
moving the article on to "extract". An article whose page failed goes on with its feed text
and is fetched again later (10 minutes, 1 hour, 6 hours), for errors a retry can mend.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from broadsheet import config
from broadsheet.errors import ConnectionFailedError, FetchError, FetchTimeoutError
from broadsheet.fetch import Fetcher, FetchPolicy, FetchResult
from broadsheet.storage import articles, work
from broadsheet.storage.reader.subscriptions import text_only_article_ids
from broadsheet.storage.transactions import one_transaction

log = logging.getLogger(__name__)

STEP, NEXT = "page", "extract"
RETRY_DELAYS = (timedelta(minutes=10), timedelta(hours=1), timedelta(hours=6))
# Failures a later attempt can mend; a 404, robots.txt or a page too large stay as they are.
RETRYABLE = frozenset({"timeout", "connection_failed", "truncated"})
HOST_DOWN_SECONDS = 300.0  # after a connection failure, a host's other pages are not tried
_down: dict[str, tuple[float, str]] = {}
_down_lock = threading.Lock()


@dataclass(frozen=True)
class PageJob:
    """One page to fetch for one article."""

    article_id: int
    url: str


def retry_at(attempts: int, error: FetchError, now: datetime) -> datetime | None:
    """When to fetch a failed page again after ``attempts`` tries, or None to stop trying."""
    server_trouble = error.kind == "http_status" and (error.status or 0) in {
        429,
        500,
        502,
        503,
        504,
    }
    if not (error.kind in RETRYABLE or server_trouble) or attempts > len(RETRY_DELAYS):
        return None
    return now + RETRY_DELAYS[attempts - 1]


def _host(url: str) -> str:
    """The endpoint a failure is remembered for: host name and port."""
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or parts.scheme}"
    except ValueError:
        return ""


def _host_down(host: str) -> str | None:
    with _down_lock:
        until, reason = _down.get(host, (0.0, ""))
        return reason if until > time.monotonic() else None


def _mark_down(host: str, error: FetchError) -> None:
    if isinstance(error, ConnectionFailedError | FetchTimeoutError):
        with _down_lock:
            _down[host] = (time.monotonic() + HOST_DOWN_SECONDS, error.kind)


async def _fetch_one(fetcher: Fetcher, job: PageJob, deadline: float) -> FetchResult | FetchError:
    host = _host(job.url)
    down = _host_down(host)
    if down:
        return ConnectionFailedError(
            f"not tried: {host.removesuffix(':http').removesuffix(':https')} failed ({down}) in the last "
            f"{HOST_DOWN_SECONDS / 60:g} minutes",
            url=job.url,
        )
    try:
        async with asyncio.timeout(deadline):
            return await fetcher.get(job.url, purpose="page")
    except TimeoutError:
        error: FetchError = FetchTimeoutError(
            f"{job.url}: no complete page within {deadline:g} s", url=job.url
        )
    except FetchError as exc:
        error = exc
    except Exception as exc:  # one bad page must not stop the others
        log.exception("unexpected page fetch failure", extra={"article_id": job.article_id})
        return FetchError(f"{job.url}: internal error: {exc}", url=job.url)
    _mark_down(host, error)
    return error


def fetch_as_completed(
    jobs: Sequence[PageJob], policy: FetchPolicy, deadline: float
) -> Iterator[tuple[PageJob, FetchResult | FetchError]]:
    """Yield each job with its page or error as soon as it is known (network in a thread)."""
    results: queue.Queue[tuple[PageJob, FetchResult | FetchError] | None] = queue.Queue()

    async def run() -> None:
        async with Fetcher(policy) as fetcher:

            async def one(job: PageJob) -> None:
                results.put((job, await _fetch_one(fetcher, job, deadline)))

            await asyncio.gather(*(one(job) for job in jobs))

    def thread() -> None:
        try:
            asyncio.run(run())
        finally:
            results.put(None)

    worker = threading.Thread(target=thread, name="broadsheet-pages", daemon=True)
    worker.start()
    seen = set()
    while (item := results.get()) is not None:
        seen.add(item[0].article_id)
        yield item
    worker.join()
    for job in jobs:  # the thread died before answering: say so rather than lose the article
        if job.article_id not in seen:
            yield job, FetchError(f"{job.url}: the fetch was interrupted", url=job.url)


def run(article_ids: Sequence[int]) -> dict[int, str | None]:
    """Fetch the pages of the given articles waiting at this step; return where each goes."""
    cfg = config.get()
    rows = work.rows(article_ids, STEP)
    text_only = text_only_article_ids(list(rows))  # feeds set to keep their own text
    jobs, skipped = [], []
    for article_id in rows:
        item = articles.for_extraction(article_id)
        if item is None:
            continue
        if (
            cfg.extract_pages
            and article_id not in text_only
            and not item.imported
            and item.url.startswith(("http://", "https://"))
        ):
            jobs.append(PageJob(article_id, item.url))
        else:
            skipped.append(article_id)
    moves: dict[int, str | None] = dict.fromkeys(skipped, NEXT)
    policy = FetchPolicy.from_settings(cfg)
    for job, outcome in fetch_as_completed(jobs, policy, cfg.page_deadline):
        moves[job.article_id] = _apply(rows[job.article_id], job, outcome)
    return moves


def _apply(row: work.WorkRow, job: PageJob, outcome: FetchResult | FetchError) -> str | None:
    """Store one page or its failure in one transaction; return the article's next step."""
    attempts = row.page_attempts + 1
    now = timezone.now()
    with one_transaction():
        if isinstance(outcome, FetchResult):
            articles.save_page(job.article_id, outcome.text().encode("utf-8"))
            work.set_page(job.article_id, url=outcome.final_url, attempts=attempts, retry_at=None)
            return NEXT
        reason = f"page fetch failed ({outcome.kind}): {outcome}"
        when = retry_at(attempts, outcome, now)
        if row.page_attempts:  # a retry that failed again: the feed text already shows
            work.wait_for_page(job.article_id, when, reason, attempts)
            return STEP
        work.set_page(job.article_id, error=reason, attempts=attempts, retry_at=when)
        return NEXT
