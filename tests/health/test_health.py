"""Feed health rules over plain data: each diagnosis a user would recognise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.health import FetchOutcome, diagnose, next_interval, retry_delay

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def ok(hours_ago: float = 0, **kw: object) -> FetchOutcome:
    return FetchOutcome(at=NOW - timedelta(hours=hours_ago), status=200, **kw)  # type: ignore[arg-type]


def fail(hours_ago: float, status: int | None, kind: str, message: str = "") -> FetchOutcome:
    return FetchOutcome(
        at=NOW - timedelta(hours=hours_ago), status=status, error_kind=kind, error_message=message
    )


def test_new_feed_is_not_fetched_yet() -> None:
    assert diagnose([], now=NOW).state == "new"


def test_healthy_feed_says_when_it_last_had_news() -> None:
    d = diagnose([ok(1)], now=NOW, last_new_item_at=NOW - timedelta(hours=3))
    assert d.state == "ok" and "25 Nov 2026 09:00 UTC" in d.message


def test_410_is_gone_for_good() -> None:
    d = diagnose([fail(0, 410, "http_status")], now=NOW)
    assert d.state == "gone" and "410" in d.message


def test_404_becomes_gone_only_after_days() -> None:
    recent = [fail(h, 404, "http_status") for h in (0, 6, 12)]
    assert diagnose(recent, now=NOW).state == "failing"
    old = [fail(h, 404, "http_status") for h in (0, 24, 48, 80)]
    d = diagnose(old, now=NOW)
    assert d.state == "gone" and "moved" in d.message and "4 times in a row" in d.message


def test_bot_protection_is_named() -> None:
    d = diagnose([fail(0, 403, "blocked")], now=NOW)
    assert d.state == "blocked" and "bot protection" in d.message


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        ("redirect_loop", "redirect_loop"),
        ("timeout", "slow"),
        ("parse", "broken"),
        ("connection_failed", "unreachable"),
        ("too_large", "too_large"),
    ],
)
def test_error_kinds_map_to_states(kind: str, state: str) -> None:
    d = diagnose([fail(0, None, kind, "details here")], now=NOW)
    assert d.state == state and "details here" in d.message


def test_stale_feed_answers_but_publishes_nothing() -> None:
    d = diagnose(
        [ok(0, not_modified=True)],
        now=NOW,
        last_new_item_at=NOW - timedelta(days=30),
        stale_days=14,
    )
    assert d.state == "stale" and "30 days" in d.message


def test_damaged_feed_keeps_items_and_says_where() -> None:
    d = diagnose([ok(0, damage="XML error at line 12; 18 of 20 items recovered")], now=NOW)
    assert d.state == "damaged" and "line 12" in d.message


def test_slow_server() -> None:
    d = diagnose([ok(h, duration=14.0) for h in range(3)], now=NOW, last_new_item_at=NOW)
    assert d.state == "slow" and "14.0 s" in d.message


def test_disabled_feed_reports_reason() -> None:
    d = diagnose([ok(0)], now=NOW, active=False, disabled_reason="gone")
    assert (d.state, d.message) == ("disabled", "gone")


def test_interval_follows_publishing_rhythm() -> None:
    hourly = [NOW - timedelta(hours=h) for h in range(20)]
    assert next_interval(hourly, now=NOW, min_minutes=15, max_minutes=1440) == 30
    daily = [NOW - timedelta(days=d) for d in range(10)]
    assert next_interval(daily, now=NOW, min_minutes=15, max_minutes=1440) == 720


def test_interval_slows_down_for_silent_feeds_and_honours_ttl() -> None:
    assert next_interval([], now=NOW, min_minutes=15, max_minutes=1440) == 1440
    burst = [NOW - timedelta(days=5, minutes=m) for m in range(10)]
    assert next_interval(burst, now=NOW, min_minutes=15, max_minutes=1440) >= 1440 // 2
    hourly = [NOW - timedelta(hours=h) for h in range(20)]
    assert next_interval(hourly, now=NOW, min_minutes=15, max_minutes=1440, ttl_minutes=120) == 120


@given(
    st.lists(st.integers(min_value=0, max_value=60 * 24 * 30), max_size=60),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=100, max_value=5000),
)
def test_interval_always_within_bounds(offsets: list[int], lo: int, hi: int) -> None:
    times = [NOW - timedelta(minutes=m) for m in offsets]
    assert lo <= next_interval(times, now=NOW, min_minutes=lo, max_minutes=hi) <= hi


def test_retry_delay_backs_off_and_honours_retry_after() -> None:
    delays = [
        retry_delay(n, retry_after=None, min_minutes=15, max_minutes=1440) for n in range(1, 9)
    ]
    assert delays == sorted(delays) and delays[0] == 15 and delays[-1] == 1440
    assert retry_delay(1, retry_after=3600, min_minutes=15, max_minutes=1440) == 61
