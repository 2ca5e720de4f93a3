"""When to poll a feed next: follow how often it publishes, within bounds."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta


def next_interval(
    published: Sequence[datetime],
    *,
    now: datetime,
    min_minutes: int,
    max_minutes: int,
    ttl_minutes: int | None = None,
) -> int:
    """Return minutes until the next poll: about half the feed's typical gap between items, clamped.

    Uses the items of the last 14 days; a feed silent for that long is polled at the
    maximum interval. A feed's own ``<ttl>`` is honoured as a lower bound.
    """
    window = now - timedelta(days=14)
    recent = sorted(t for t in published if window <= t <= now + timedelta(minutes=5))
    if len(recent) < 2:
        interval = max_minutes if not recent else max_minutes // 2
    else:
        gaps = [(b - a).total_seconds() / 60 for a, b in itertools.pairwise(recent)]
        typical = (
            float(statistics.median(g for g in gaps if g >= 0)) if gaps else float(max_minutes)
        )
        interval = int(typical / 2)
        # The feed may have gone quiet since its last item: never poll faster than the silence suggests.
        silence = (now - recent[-1]).total_seconds() / 60
        interval = max(interval, int(silence / 4))
    if ttl_minutes:
        interval = max(interval, ttl_minutes)
    return max(min_minutes, min(max_minutes, interval))


def retry_delay(
    failures: int, *, retry_after: float | None, min_minutes: int, max_minutes: int
) -> int:
    """Return minutes before retrying a failing feed: exponential in failures, honouring Retry-After."""
    delay: int = min_minutes << max(0, min(failures - 1, 10))
    if retry_after is not None:
        delay = max(delay, int(retry_after // 60) + 1)
    return max(min_minutes, min(max_minutes, delay))
