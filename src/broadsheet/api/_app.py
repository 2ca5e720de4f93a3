"""The NinjaAPI instance, token authentication and the JSON error handlers.

Every error leaves as ``{"detail": "<what went wrong and what to do>"}`` with a 4xx status:
validation 422, unknown object 404, refused permission 403, too many bad tokens from one address
429 (with ``Retry-After``), other Broadsheet errors 400.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from broadsheet.errors import BroadsheetError, NotFoundError, PermissionDeniedError, ThrottledError
from broadsheet.reading import get_user
from broadsheet.site import throttle

__all__ = ["api", "user_id"]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens come from `broadsheet token create USER`."""

    def authenticate(self, request: HttpRequest, token: str) -> int | None:
        """Return the token owner's id (stored on ``request.auth``), or None to refuse; bad tokens
        from one address are throttled (ThrottledError, answered 429)."""
        return throttle.token_user(request, token)


api = NinjaAPI(
    title="Broadsheet API",
    version="1",
    description="Articles, feeds, stories, entities, search and comments. Reads are open; "
    "writes need `Authorization: Bearer <token>` (`broadsheet token create USER`).",
    urls_namespace="api",
)
bearer = TokenAuth()


def user_id(request: HttpRequest) -> int:
    """Return the authenticated user's id (the endpoint declared ``auth=bearer``)."""
    return int(request.auth)  # type: ignore[attr-defined]


def require_staff(request: HttpRequest) -> int:
    """Return the user's id if they are staff, else refuse with 403."""
    uid = user_id(request)
    if not get_user(uid).is_staff:
        raise HttpError(403, "this needs a staff account's token")
    return uid


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def _where(loc: Any) -> str:
    return ".".join(str(part) for part in loc) if isinstance(loc, list | tuple) else str(loc)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "invalid")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    summary = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in errors[:5])
    return _error(request, 422, f"invalid request: {summary}", errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request,
        401,
        "missing or unknown token: send `Authorization: Bearer "
        "<token>` (create one with `broadsheet token create USER`)",
    )
    response["WWW-Authenticate"] = 'Bearer realm="broadsheet"'
    return response


@api.exception_handler(NotFoundError)
def _not_found(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
    return _error(request, 404, str(exc))


@api.exception_handler(PermissionDeniedError)
def _forbidden(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return _error(request, 403, str(exc))


@api.exception_handler(ThrottledError)
def _throttled(request: HttpRequest, exc: ThrottledError) -> HttpResponse:
    response = _error(request, 429, str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _http_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "not found")


@api.exception_handler(BroadsheetError)
def _broadsheet(request: HttpRequest, exc: BroadsheetError) -> HttpResponse:
    return _error(request, 400, str(exc), error=type(exc).__name__)
