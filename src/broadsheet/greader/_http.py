"""Request handling shared by the Google Reader views: authentication, parameters, errors.

Clients authenticate with ``Authorization: GoogleLogin auth=<token>`` (the token ClientLogin
returned); on POST the ``T`` form field may carry the same token instead. Bad tokens and failed
ClientLogins are throttled (``broadsheet.site.throttle``): 429 with ``Retry-After``, one plain line.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from broadsheet.errors import BroadsheetError, NotFoundError, PermissionDeniedError, ThrottledError
from broadsheet.greader._ids import BadRequest
from broadsheet.site import throttle

__all__ = ["ReaderView", "bad_request", "endpoint", "param", "params", "text", "unauthorized"]

log = logging.getLogger(__name__)
ReaderView = Callable[..., HttpResponse]


def text(body: str, status: int = 200) -> HttpResponse:
    """Return a plain-text answer (Google Reader answers OK and tokens this way)."""
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def unauthorized() -> HttpResponse:
    """Return the 401 clients recognise as a bad token (they log in again)."""
    response = text("Unauthorized", 401)
    response["X-Reader-Google-Bad-Token"] = "true"
    return response


def bad_request(message: str, status: int = 400) -> JsonResponse:
    """Return a JSON error that names the problem."""
    return JsonResponse({"error": message}, status=status)


def _token(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, rest = header.partition(" ")
    if scheme == "GoogleLogin" and rest.strip().startswith("auth="):
        return rest.strip()[len("auth=") :]
    if scheme.lower() == "bearer":
        return rest.strip()
    if request.method == "POST":
        return request.POST.get("T", "")
    return ""


def param(request: HttpRequest, name: str, default: str = "") -> str:
    """Return a parameter from the form body (POST) or the query string."""
    return request.POST.get(name) or request.GET.get(name) or default


def params(request: HttpRequest, name: str) -> list[str]:
    """Return every value of a repeated parameter, from the body and the query string."""
    return request.POST.getlist(name) + request.GET.getlist(name)


def endpoint(
    methods: tuple[str, ...] = ("GET", "POST"), auth: bool = True
) -> Callable[[ReaderView], ReaderView]:
    """Wrap a view: allowed methods, token check (``user_id`` argument) and errors as 4xx."""

    def wrap(view: ReaderView) -> ReaderView:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = bad_request(f"use {' or '.join(methods)}", 405)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if auth:
                    user_id = throttle.token_user(request, _token(request))
                    if user_id is None:
                        return unauthorized()
                    kwargs["user_id"] = user_id
                return view(request, *args, **kwargs)
            except BadRequest as exc:
                return bad_request(str(exc))
            except NotFoundError as exc:
                return bad_request(str(exc), 404)
            except PermissionDeniedError as exc:
                return text(str(exc), 403)
            except ThrottledError as exc:
                return throttle.too_many(exc)
            except BroadsheetError as exc:
                return bad_request(str(exc))

        return wrapped

    return wrap
