"""How far the articles are on their way: per step of the flow, the work waiting and the oldest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from broadsheet.pipeline.flow import STEPS
from broadsheet.storage import work

__all__ = ["StepProgress", "progress"]


@dataclass(frozen=True)
class StepProgress:
    """One step of the flow: articles waiting for it, being worked on, retrying after an error,
    and when the oldest of them entered the pipeline."""

    step: str
    does: str
    waiting: int
    in_progress: int
    retrying: int
    oldest: datetime | None


def progress(now: datetime | None = None) -> list[StepProgress]:
    """Return every step of the flow in order, with the work waiting at it (zeros when none)."""
    by_step = {c.step: c for c in work.counts(now or timezone.now())}
    rows = []
    for step in STEPS:
        c = by_step.get(step.name)
        rows.append(
            StepProgress(
                step.name,
                step.does,
                c.waiting if c else 0,
                c.leased if c else 0,
                c.retrying if c else 0,
                c.oldest if c else None,
            )
        )
    return rows
