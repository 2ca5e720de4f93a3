"""Human times: "38 minutes ago" for display, the exact UTC time for hover."""

from __future__ import annotations

from datetime import datetime


def relative(when: datetime | None, now: datetime) -> str:
    """Return how long ago ``when`` was, the way news sites say it ("an hour ago")."""
    if when is None:
        return ""
    seconds = int((now - when).total_seconds())
    if seconds < 0:
        return "just now" if seconds > -300 else when.strftime("%-d %b %Y")
    if seconds < 60:
        return "just now"
    for size, one, many in (
        (86400 * 7, "", ""),
        (86400, "a day ago", "{} days ago"),
        (3600, "an hour ago", "{} hours ago"),
        (60, "a minute ago", "{} minutes ago"),
    ):
        if seconds >= size:
            if size == 86400 * 7:
                return when.strftime("%-d %b %Y")
            n = seconds // size
            return one if n == 1 else many.format(n)
    return "just now"


def exact(when: datetime | None) -> str:
    """Return the exact time in UTC, for a tooltip."""
    return when.strftime("%A %-d %B %Y, %H:%M UTC") if when else ""


def until(when: datetime | None, now: datetime) -> str:
    """Return how long until ``when`` ("in 3 hours", "now")."""
    if when is None:
        return ""
    minutes = int((when - now).total_seconds() // 60)
    if minutes <= 0:
        return "now"
    if minutes < 60:
        return f"in {minutes} min"
    if minutes < 48 * 60:
        return f"in {minutes // 60} h"
    return f"in {minutes // 1440} days"
