"""The caller: who the token belongs to, and their tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from broadsheet.api._app import bearer, user_id
from broadsheet.api._paging import JSONObject, Paging, object_id, page
from broadsheet.api._schemas import envelope
from broadsheet.reading import (
    get_user,
    list_tokens,
    mute_source,
    muted_sources,
    revoke_token,
    saved_ids,
)

router = Router(tags=["account"], auth=bearer)


class MeOut(Schema):
    """The token's owner."""

    id: int
    username: str
    is_staff: bool
    saved: list[int]
    muted_sources: list[int]


class MuteIn(JSONObject):
    """Whether to hide the outlet from your reading list."""

    muted: bool


class MutedOut(Schema):
    """The outlets you muted."""

    muted_sources: list[int]


class TokenOut(Schema):
    """A token as listed: its name and first characters, never the secret."""

    id: int
    name: str
    prefix: str
    kind: str
    created_at: datetime
    last_used_at: datetime | None


@router.get("/me", response=MeOut, summary="Who the token belongs to")
def me(request: HttpRequest) -> dict[str, Any]:
    """The token owner's name and saved article ids."""
    user = get_user(user_id(request))
    return {
        "id": user.id,
        "username": user.username,
        "is_staff": user.is_staff,
        "saved": saved_ids(user.id),
        "muted_sources": sorted(muted_sources(user.id)),
    }


@router.get("/me/tokens", response=envelope(TokenOut, "tokens"), summary="Your tokens")
def tokens(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The owner's tokens, newest first (names and prefixes only)."""
    found = list_tokens(user_id(request))
    return page(request, paging, found[paging.offset : paging.offset + paging.limit], len(found))


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke one of your tokens")
def revoke(request: HttpRequest, token_id: int = object_id()) -> Status[Any]:
    """Delete a token; clients using it get 401 from then on."""
    revoke_token(user_id(request), token_id)
    return Status(204, None)


@router.put(
    "/sources/{source_id}/mute",
    response=MutedOut,
    tags=["account"],
    summary="Mute or unmute an outlet for yourself",
)
def mute(request: HttpRequest, body: MuteIn, source_id: int = object_id()) -> dict[str, Any]:
    """Hide (or show again) an outlet in your Google Reader reading list and the web reader."""
    return {"muted_sources": sorted(mute_source(user_id(request), source_id, body.muted))}
