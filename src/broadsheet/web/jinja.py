"""The Jinja2 environment for the reader's templates."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from jinja2 import Environment, select_autoescape

from broadsheet.web.timefmt import exact, relative, until


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    if kwargs:
        return reverse(name, kwargs=kwargs)
    try:
        return _reversed(get_script_prefix(), name, args)
    except TypeError:  # an argument that cannot be a key: reversed as it comes
        return reverse(name, args=args or None)


@functools.lru_cache(maxsize=20_000)
def _reversed(prefix: str, name: str, args: tuple[Any, ...]) -> str:
    # The same link for the same arguments: a sidebar of 1,650 feeds reversed two links per
    # feed on every page (37 ms for a reader of 415 feeds); ``prefix`` keys a mounted site.
    return reverse(name, args=args or None)


class Horizon:
    """When the first relative time of a rendering would read differently (``time.time()``)."""

    def __init__(self) -> None:
        self.until = math.inf

    def note(self, at: float) -> None:
        """A part of the page reads differently from ``at`` on."""
        self.until = min(self.until, at)


_horizon: contextvars.ContextVar[Horizon | None] = contextvars.ContextVar("horizon", default=None)


@contextlib.contextmanager
def keeping() -> Iterator[Horizon]:
    """Note, while rendering in this block, how long the page's relative times stay true."""
    horizon = Horizon()
    token = _horizon.set(horizon)
    try:
        yield horizon
    finally:
        _horizon.reset(token)


def label_changes(when: datetime, now: datetime) -> datetime | None:
    """The first moment after ``now`` at which ``relative(when, ·)`` may read differently;
    None when it never will (a date)."""
    seconds = int((now - when).total_seconds())
    if seconds < -300:
        return when - timedelta(seconds=300)
    if seconds < 60:
        return when + timedelta(seconds=60)
    for size, step in ((3600, 60), (86400, 3600), (86400 * 7, 86400)):  # minutes, hours, days
        if seconds < size:
            return when + timedelta(seconds=(seconds // step + 1) * step)
    return None


def _ago(when: datetime | None) -> str:
    now = timezone.now()
    horizon = _horizon.get()
    if horizon is not None and when is not None:
        changes = label_changes(when, now)
        if changes is not None:
            horizon.note(changes.timestamp())
    return relative(when, now)


def _until(when: datetime | None) -> str:
    horizon = _horizon.get()
    if horizon is not None and when is not None:
        horizon.note(0.0)  # counts down by the minute: not worth keeping
    return until(when, timezone.now())


def _now() -> datetime:
    horizon = _horizon.get()
    if horizon is not None:
        horizon.note(0.0)
    return timezone.now()


def hue(name: str) -> int:
    """A stable colour hue for an outlet's letter avatar."""
    return sum(map(ord, name or "?")) * 47 % 360


def _query(params: str, **changes: Any) -> str:
    """Return ``?params`` with some keys replaced (for paging links)."""
    from urllib.parse import parse_qsl, urlencode

    pairs = dict(parse_qsl(params)) | {k: str(v) for k, v in changes.items()}
    return "?" + urlencode(pairs)


def scroll_read(request: Any) -> bool:
    """Whether the signed-in reader marks articles read by scrolling past them (once a request)."""
    if not hasattr(request, "_broadsheet_scroll_read"):
        from broadsheet import reading

        uid = request.user.id if request.user.is_authenticated else None
        request._broadsheet_scroll_read = reading.scroll_read(uid)
    return bool(request._broadsheet_scroll_read)


def environment(**options: Any) -> Environment:
    """Return the Jinja2 environment with Broadsheet's helpers."""
    options.setdefault("autoescape", select_autoescape(default=True))
    env = Environment(**options)
    env.globals.update(url=_url, static=static, now=_now, messages=get_messages)
    env.filters["ago"] = _ago
    env.filters["exact"] = exact
    env.filters["until"] = _until
    env.filters["hue"] = hue
    env.globals["query"] = _query
    env.globals["scroll_read"] = scroll_read
    return env
