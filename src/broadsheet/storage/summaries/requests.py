"""The queue of summaries pages asked for: one row per (kind, key, method) until it is written.

A page view that finds no valid stored summary (the model's, or an offline one for old data)
asks for it here and shows what it has; a background job (``pipeline._summarize``) claims the
requests, writes the summaries and closes them. Claiming is safe between processes: on
PostgreSQL rows are locked with ``SKIP LOCKED``; SQLite has one writer at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from broadsheet.storage.summaries.models import SummaryRequest

__all__ = ["Wanted", "claim", "close", "get", "postpone", "waiting", "want"]


@dataclass(frozen=True)
class Wanted:
    """One requested summary; ``last_error`` says why the last attempt failed (or is empty)."""

    id: int
    kind: str
    key: str
    method: str
    attempts: int
    last_error: str


def _wanted(r: SummaryRequest) -> Wanted:
    return Wanted(r.id, r.kind, r.key, r.method, r.attempts, r.last_error)


def want(kind: str, key: str, method: str) -> Wanted | None:
    """Ask for a summary (asking twice keeps one request); None when the write lock stayed busy."""
    try:
        with transaction.atomic():
            row, _ = SummaryRequest.objects.get_or_create(kind=kind, key=key, method=method)
    except IntegrityError:  # asked at the same moment by another request
        row = SummaryRequest.objects.filter(kind=kind, key=key, method=method).first()
    except OperationalError:  # SQLite busy: the next view asks again
        return None
    return _wanted(row) if row is not None else None


def get(request_id: int) -> Wanted | None:
    """The request with this id, or None once it was written (or never existed)."""
    row = SummaryRequest.objects.filter(id=request_id).first()
    return _wanted(row) if row is not None else None


def claim(limit: int, lease: timedelta, now: datetime | None = None) -> list[Wanted]:
    """Lease up to ``limit`` due requests (oldest first) not leased by another worker."""
    now = now or timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    qs = SummaryRequest.objects.filter(free, not_before__lte=now).order_by("requested_at", "id")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        SummaryRequest.objects.filter(id__in=ids).update(
            lease_until=now + lease, attempts=F("attempts") + 1
        )
    rows = SummaryRequest.objects.in_bulk(ids)
    return [_wanted(rows[i]) for i in ids if i in rows]


def close(request_id: int) -> None:
    """Remove a request whose summary was written (or can no longer be)."""
    SummaryRequest.objects.filter(id=request_id).delete()


def postpone(request_id: int, error: str, retry_at: datetime) -> None:
    """Release a failed request with its error, due again at ``retry_at``."""
    SummaryRequest.objects.filter(id=request_id).update(
        lease_until=None, not_before=retry_at, last_error=error[:2000]
    )


def waiting(now: datetime | None = None) -> int:
    """How many requests are due now."""
    return SummaryRequest.objects.filter(not_before__lte=now or timezone.now()).count()
