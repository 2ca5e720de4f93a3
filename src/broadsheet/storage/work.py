"""Queries on the pipeline's work rows: which article waits at which step, leases, failures.

The pipeline (``broadsheet.pipeline.flow``) decides what the steps are and when to retry;
these functions only read and write rows. Claiming is safe between processes: on PostgreSQL
rows are locked with ``SKIP LOCKED``; SQLite has one writer at a time. While a step runs
over a batch, :func:`held` keeps two processes off the same article at once (a task delivered
twice, or re-sent after its lease expired while the first run is still going).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from broadsheet.storage._bulk import insert_new
from broadsheet.storage.models import Work

log = logging.getLogger(__name__)

__all__ = [
    "StepCount",
    "WorkRow",
    "claim",
    "counts",
    "enter",
    "finish",
    "held",
    "move",
    "record_failure",
    "release_all_leases",
    "rows",
    "set_page",
    "wait_for_page",
    "waiting",
]


@dataclass(frozen=True)
class WorkRow:
    """One article's place in the flow, as a step reads it."""

    article_id: int
    step: str
    attempts: int
    page_url: str
    page_error: str
    page_attempts: int


@dataclass(frozen=True)
class StepCount:
    """How many articles wait at one step, how many are retrying after an error, the oldest."""

    step: str
    waiting: int
    leased: int
    retrying: int
    oldest: datetime | None


def enter(article_ids: Sequence[int], step: str, now: datetime | None = None) -> None:
    """Put articles at ``step`` (new rows, or existing rows moved back), due now."""
    if not article_ids:
        return
    now = now or timezone.now()
    ids = list(dict.fromkeys(article_ids))
    existing = set(Work.objects.filter(article_id__in=ids).values_list("article_id", flat=True))
    Work.objects.filter(article_id__in=existing).update(
        step=step, not_before=now, lease_until=None, attempts=0, last_error=""
    )
    insert_new(  # another process entered one at the same moment: still one row
        Work,
        [
            {"article_id": i, "step": step, "not_before": now, "created_at": now}
            for i in ids
            if i not in existing
        ],
        ("pk",),
    )


def claim(
    step: str,
    limit: int,
    lease: timedelta,
    only: Sequence[int] | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Lease up to ``limit`` due, unleased (or expired) rows at ``step``; return their articles."""
    now = now or timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    qs = Work.objects.filter(free, step=step, not_before__lte=now)
    if only is not None:
        qs = qs.filter(article_id__in=list(only))
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        # newest first (higher IDs): a reader wants today's news before a backlog is worked off
        ids = list(qs.order_by("-article_id").values_list("article_id", flat=True)[:limit])
        if ids:
            Work.objects.filter(article_id__in=ids).update(
                lease_until=now + lease, attempts=F("attempts") + 1
            )
    return ids


# this module's advisory lock keys: "bs" (articles) or "bf" (feeds) above the row's ID
_LOCK_SPACES = {"article": 0x6273 << 40, "feed": 0x6266 << 40}


@contextlib.contextmanager
def held(article_ids: Sequence[int], kind: str = "article") -> Iterator[list[int]]:
    """Lock each article (or feed) for this process while the block runs; yield those it got.

    On PostgreSQL these are session advisory locks, taken without waiting: an article another
    process is working on right now is left out, and the locks of a process that dies go with
    its connection. On SQLite (one writer at a time, one process) every article is yielded.
    """
    ids = list(dict.fromkeys(article_ids))
    if connection.vendor != "postgresql" or not ids:
        yield ids
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM unnest(%s::bigint[]) AS id WHERE pg_try_advisory_lock(%s + id)",
            [ids, _LOCK_SPACES[kind]],
        )
        mine = [int(row[0]) for row in cursor.fetchall()]
    try:
        yield [i for i in ids if i in set(mine)]
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s + id) FROM unnest(%s::bigint[]) AS id",
                    [_LOCK_SPACES[kind], mine],
                )
        except Exception:  # the connection is gone, and its locks with it
            log.warning("could not release article locks; they went with the connection")


def rows(article_ids: Sequence[int], step: str) -> dict[int, WorkRow]:
    """Return the work rows of these articles that still wait at ``step``."""
    qs = Work.objects.filter(article_id__in=list(article_ids), step=step).values_list(
        "article_id", "step", "attempts", "page_url", "page_error", "page_attempts"
    )
    return {r[0]: WorkRow(*r) for r in qs}


def move(
    article_ids: Sequence[int], from_step: str, to_step: str, now: datetime | None = None
) -> None:
    """Advance articles that are at ``from_step`` to ``to_step``, due now, lease released."""
    if article_ids:
        Work.objects.filter(article_id__in=list(article_ids), step=from_step).update(
            step=to_step,
            not_before=now or timezone.now(),
            lease_until=None,
            attempts=0,
            last_error="",
        )


def finish(article_ids: Sequence[int], from_step: str, page_step: str) -> None:
    """Close the rows of articles that passed the last step.

    A row whose page is to be fetched again goes back to ``page_step``, due at its retry
    time; every other row is deleted (the article is done).
    """
    if not article_ids:
        return
    qs = Work.objects.filter(article_id__in=list(article_ids), step=from_step)
    qs.filter(page_retry_at__isnull=False).update(
        step=page_step,
        not_before=F("page_retry_at"),
        page_retry_at=None,
        lease_until=None,
        attempts=0,
        last_error="",
    )
    qs.filter(page_retry_at__isnull=True).delete()


def set_page(
    article_id: int, *, url: str = "", error: str = "", attempts: int, retry_at: datetime | None
) -> None:
    """Record where an article's page came from, or why it failed and when to try it again."""
    Work.objects.filter(article_id=article_id).update(
        page_url=url, page_error=error[:2000], page_attempts=attempts, page_retry_at=retry_at
    )


def wait_for_page(article_id: int, retry_at: datetime | None, error: str, attempts: int) -> None:
    """Keep an article at the page step until ``retry_at``, or close its row when None."""
    qs = Work.objects.filter(article_id=article_id)
    if retry_at is None:
        qs.delete()
        return
    qs.update(
        not_before=retry_at,
        lease_until=None,
        attempts=0,
        page_error=error[:2000],
        page_attempts=attempts,
        page_retry_at=None,
    )


def record_failure(article_ids: Sequence[int], step: str, error: str, retry_at: datetime) -> None:
    """Release the articles' leases with the error, to be claimed again at ``retry_at``."""
    Work.objects.filter(article_id__in=list(article_ids), step=step).update(
        lease_until=None, not_before=retry_at, last_error=error[:2000]
    )


def release_all_leases() -> int:
    """Free every lease (only for a single process starting up: nobody else holds one)."""
    return Work.objects.filter(lease_until__isnull=False).update(lease_until=None)


def counts(now: datetime | None = None) -> list[StepCount]:
    """Return, per step, the articles waiting, leased, retrying after an error, and the oldest."""
    now = now or timezone.now()
    qs = (
        Work.objects.values("step")
        .annotate(
            n=Count("article_id"),
            leased=Count("article_id", filter=Q(lease_until__gt=now)),
            retrying=Count("article_id", filter=~Q(last_error="")),
            oldest=Min("created_at"),
        )
        .order_by("step")
    )
    return [StepCount(r["step"], r["n"], r["leased"], r["retrying"], r["oldest"]) for r in qs]


def waiting(
    article_ids: Sequence[int] | None = None,
    now: datetime | None = None,
    include_later: bool = False,
) -> int:
    """Return how many (of the given) articles still have work due now (or at all)."""
    qs = Work.objects.all()
    if not include_later:
        qs = qs.filter(not_before__lte=now or timezone.now())
    if article_ids is not None:
        qs = qs.filter(article_id__in=list(article_ids))
    return qs.count()
