"""Relative times read like a news site's ("38 minutes ago")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.web.timefmt import exact, relative, until

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=1), "a minute ago"),
        (timedelta(minutes=38), "38 minutes ago"),
        (timedelta(minutes=61), "an hour ago"),
        (timedelta(hours=5), "5 hours ago"),
        (timedelta(days=1, hours=2), "a day ago"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=40), "16 Oct 2026"),
        (timedelta(minutes=-2), "just now"),
    ],
)
def test_relative(delta: timedelta, text: str) -> None:
    assert relative(NOW - delta, NOW) == text


def test_exact_and_until() -> None:
    assert exact(NOW) == "Wednesday 25 November 2026, 12:00 UTC"
    assert relative(None, NOW) == exact(None) == until(None, NOW) == ""
    assert until(NOW + timedelta(minutes=30), NOW) == "in 30 min"
    assert until(NOW + timedelta(hours=5), NOW) == "in 5 h"
    assert until(NOW - timedelta(hours=5), NOW) == "now"
