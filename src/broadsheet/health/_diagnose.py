"""A feed's state and a plain-language diagnosis a user can act on."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

SLOW_SECONDS = 10.0
GONE_AFTER = timedelta(days=3)


@dataclass(frozen=True)
class FetchOutcome:
    """What one fetch of a feed gave: enough to judge its health."""

    at: datetime
    status: int | None
    error_kind: str = ""
    error_message: str = ""
    duration: float = 0.0
    new_items: int = 0
    not_modified: bool = False
    damage: str = ""

    @property
    def ok(self) -> bool:
        """True when the fetch produced a readable feed (or a 304)."""
        return not self.error_kind


@dataclass(frozen=True)
class Diagnosis:
    """A feed's health state (short code) and a sentence telling the user what to do."""

    state: str
    message: str


def _when(then: datetime) -> str:
    """An absolute time: stored messages must not say "just now" for days."""
    return then.strftime("%-d %b %Y %H:%M UTC")


def _streak(history: Sequence[FetchOutcome]) -> list[FetchOutcome]:
    """Return the newest run of failures with the same error kind and status."""
    first = history[0]
    run = []
    for outcome in history:
        if outcome.error_kind != first.error_kind or outcome.status != first.status:
            break
        run.append(outcome)
    return run


def _failure(history: Sequence[FetchOutcome], now: datetime) -> Diagnosis:
    run = _streak(history)
    last, since = run[0], run[-1].at
    times = f"{len(run)} time{'s' if len(run) != 1 else ''} in a row since {_when(since)}"
    kind, status = last.error_kind, last.status
    if status == 410:
        return Diagnosis(
            "gone",
            "The server says this feed is gone for good (HTTP 410). "
            "Polling stopped; remove it or look for the site's new feed.",
        )
    if status == 404:
        if now - since >= GONE_AFTER:
            return Diagnosis(
                "gone",
                f"Not found (HTTP 404), {times}. The feed has probably moved: "
                "open the site and subscribe to its current feed.",
            )
        return Diagnosis(
            "failing",
            f"Not found (HTTP 404), {times}. Broadsheet keeps retrying; "
            "if it lasts, the feed has moved.",
        )
    if kind == "blocked" or status in (401, 403):
        return Diagnosis(
            "blocked",
            f"The site refuses automated readers (HTTP {status}, bot protection), "
            f"{times}. Try again later or ask the publisher for an open feed.",
        )
    if status == 429:
        return Diagnosis(
            "rate_limited",
            f"The site asks us to slow down (HTTP 429), {times}. "
            "Broadsheet waits as long as it asks before retrying.",
        )
    simple = {
        "redirect_loop": ("redirect_loop", "The feed's address redirects in a loop"),
        "timeout": ("slow", "The server did not answer in time"),
        "parse": ("broken", "The document is not a readable feed"),
        "blocked_address": (
            "blocked_address",
            "The address points into a private network, which is refused",
        ),
        "too_large": ("too_large", "The feed is larger than the size limit"),
        "connection_failed": (
            "unreachable",
            "Could not connect to the server (DNS, TCP or TLS failed)",
        ),
        "truncated": ("failing", "The server closed the connection before sending the whole feed"),
        "bad_encoding": (
            "failing",
            "The server sent the feed compressed in a way Broadsheet cannot read",
        ),
    }
    state, text = simple.get(
        kind, ("failing", f"Fetching failed (HTTP {status})" if status else "Fetching failed")
    )
    detail = f": {last.error_message}" if last.error_message else ""
    return Diagnosis(state, f"{text}, {times}{detail}")


def diagnose(
    history: Sequence[FetchOutcome],
    *,
    now: datetime,
    active: bool = True,
    disabled_reason: str = "",
    last_new_item_at: datetime | None = None,
    subscribed_at: datetime | None = None,
    stale_days: int = 14,
) -> Diagnosis:
    """Judge a feed from its fetch history (newest first) and say what the user can do about it."""
    if not active:
        return Diagnosis("disabled", disabled_reason or "Polling is switched off for this feed.")
    if not history:
        return Diagnosis("new", "Not fetched yet.")
    if not history[0].ok:
        return _failure(history, now)
    last = history[0]
    if last.damage:
        return Diagnosis(
            "damaged",
            f"Fetched, but the feed is malformed: {last.damage}. "
            "Items that could be read were kept.",
        )
    durations = [h.duration for h in history[:5] if h.ok]
    if durations and statistics.median(durations) > SLOW_SECONDS:
        return Diagnosis(
            "slow",
            f"The server is slow: median {statistics.median(durations):.1f} s "
            "over the last fetches.",
        )
    newest = last_new_item_at or subscribed_at
    if newest is not None and now - newest > timedelta(days=stale_days):
        return Diagnosis(
            "stale",
            f"Fetched fine, but no new items for {(now - newest).days} days. "
            "The feed may be abandoned: check the site for a newer feed.",
        )
    when = f"last new item {_when(last_new_item_at)}" if last_new_item_at else "no new items yet"
    return Diagnosis("ok", f"Working normally; {when}.")
