"""Who is reading an open list, and what of it they asked to see: rules and "my feeds".

Reads need no token; one sent with a read makes the list the token owner's: the articles their
filter rules hide are left out (``include_hidden=true`` keeps them, each with ``hidden_by``, the
sentence saying which rule hides it), and ``feeds=mine`` keeps only the feeds they follow.
Without a token both parameters change nothing but ``feeds=mine``, which needs one (401).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from django.http import HttpRequest
from ninja import Schema
from ninja.errors import AuthenticationError
from pydantic import Field

from broadsheet.reading import app_hidden_articles
from broadsheet.site import throttle

__all__ = ["ReaderView", "hide", "viewer"]

T = TypeVar("T")


class ReaderView(Schema):
    """The token owner's view of a list (with `Authorization: Bearer <token>`)."""

    include_hidden: bool = Field(
        False,
        description="with a token: also list the articles your filter rules hide, each with "
        "`hidden_by` (the sentence naming the rule); without one, nothing is hidden",
    )
    feeds: Literal["mine"] | None = Field(
        None, description="`mine`: only articles of the feeds you follow (needs a token)"
    )


def viewer(request: HttpRequest, view: ReaderView | None = None) -> int | None:
    """Return the id of the reader whose token came with the request, or None without one;
    an unknown token, or ``feeds=mine`` without one, is refused (401)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        if view is not None and view.feeds == "mine":
            raise AuthenticationError()
        return None
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError()
    uid = throttle.token_user(request, token.strip())
    if uid is None:
        raise AuthenticationError()
    return int(uid)


def hide(
    uid: int | None,
    view: ReaderView,
    rows: Sequence[T],
    key: Callable[[T], int],
    out: Callable[[T, str | None], Any],
) -> list[Any]:
    """Return the rows as ``out(row, hidden_by)`` less those the reader's rules hide (all of
    them, the hidden ones with their rule's sentence, with ``include_hidden``)."""
    found = app_hidden_articles(uid, [key(r) for r in rows])
    if view.include_hidden:
        return [out(r, found[key(r)].reason if key(r) in found else None) for r in rows]
    return [out(r, None) for r in rows if key(r) not in found]
