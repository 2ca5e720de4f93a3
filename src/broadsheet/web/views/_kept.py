"""Anonymous pages keep their rendered HTML while the view model they render is unchanged.

Rendering the templates was most of an anonymous page's CPU (the front page: three quarters).
Each view still builds its view model on every request (from the shared cache, as before), so a
change shows at once; only when that model equals the one the kept HTML was rendered from is
the HTML served again, so what a reader sees is what a fresh render would show. Relative times
("5 minutes ago") bound how long a rendering stays true: it is kept until the first of its
labels would change. Kept pages live in each process's memory (up to ``MAX_CHARS``, the least
recently served dropped first): the shared cache would cost a pickle and a file read per hit, about what rendering the
front page costs.

Only requests with no session and no messages cookie are served kept HTML: a signed-in reader
(or one with a message to show) always gets a fresh render. The pages' one per-visitor part,
the CSRF field of their forms, is rendered as a placeholder and filled in per request, so each
visitor gets their own token (and the cookie with it) exactly as a fresh render gives it. The
Content-Security-Policy has no per-response nonce (``site.security``: scripts come from our own
origin only), so a kept page needs nothing else changed; its headers are a fresh response's.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.template.backends.utils import csrf_input
from markupsafe import Markup

from broadsheet.web.jinja import keeping

__all__ = ["MAX_CHARS", "forget_all", "render_kept"]

MAX_CHARS = 48_000_000  # per process, of kept HTML: at 1M articles pages are 5-32 kB, 1,500+ kept
_CSRF_PLACEHOLDER = "\x00broadsheet-kept-csrf\x00"
_PLAIN = (str, int, float, bool, type(None), datetime.datetime, datetime.date, Markup)


@dataclasses.dataclass(frozen=True)
class _Kept:
    context: dict[str, Any]
    html: str
    until: float  # time.time() after which a relative time in it would read differently


_pages: OrderedDict[tuple[str, str], _Kept] = OrderedDict()
_chars = 0  # the kept HTML's length, all pages together
_lock = threading.Lock()


def render_kept(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """``render(request, template, context)``, from kept HTML for an anonymous visitor when
    ``context`` equals the one it was rendered from."""
    if not _anonymous(request):
        return render(request, template, context)
    key = (template, request.get_full_path())
    with _lock:
        kept = _pages.get(key)
        if kept is not None:
            _pages.move_to_end(key)
    if kept is None or time.time() >= kept.until or kept.context != context:
        kept = _render(request, template, context)
        if kept.until > time.time() and _plain(context):
            _keep(key, kept)
    html = kept.html
    if _CSRF_PLACEHOLDER in html:
        html = html.replace(_CSRF_PLACEHOLDER, str(csrf_input(request)))
    return HttpResponse(html)


def forget_all() -> None:
    """Drop every kept page of this process (tests)."""
    global _chars
    with _lock:
        _pages.clear()
        _chars = 0


def _keep(key: tuple[str, str], kept: _Kept) -> None:
    """Keep a rendering, dropping the least recently served ones beyond ``MAX_CHARS``."""
    global _chars
    with _lock:
        old = _pages.pop(key, None)
        _chars += len(kept.html) - (len(old.html) if old else 0)
        _pages[key] = kept
        while _chars > MAX_CHARS and len(_pages) > 1:
            _chars -= len(_pages.popitem(last=False)[1].html)


def _anonymous(request: HttpRequest) -> bool:
    """A GET with no session and no messages: nothing on the page can be this visitor's own."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and not request.user.is_authenticated
    )


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> _Kept:
    """Render once with the CSRF field as a placeholder, noting when its times change."""
    backend_template = loader.get_template(template)
    values = dict(context, request=request, csrf_input=Markup(_CSRF_PLACEHOLDER))
    with keeping() as horizon:
        html = backend_template.template.render(values)  # type: ignore[attr-defined]
    return _Kept(dict(context), html, horizon.until)


def _plain(value: Any) -> bool:
    """Whether equality of ``value`` means equal content: frozen view models, not ORM rows
    (a model instance equals any other with its primary key)."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, Mapping):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_plain(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return all(_plain(getattr(value, f.name)) for f in fields)
    return False
