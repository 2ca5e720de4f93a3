"""A reader's account as the entry points need it: who they are, signing in, their tokens.

Tokens are the reader's own: they create them (``broadsheet token create``, a Google Reader
ClientLogin), list them (name and first characters only) and revoke them.
"""

from __future__ import annotations

from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader.queries import TokenInfo, UserInfo

__all__ = [
    "TokenInfo",
    "UserInfo",
    "check_password",
    "create_token",
    "get_user",
    "list_tokens",
    "revoke_token",
    "token_owner",
    "user_id_for",
]


def get_user(user_id: int) -> UserInfo:
    """Return a reader's id, name, email and staff flag, or raise NotFoundError."""
    return reader.get_user(user_id)


def user_id_for(username: str) -> int:
    """Return the id of the reader with this user name, or raise NotFoundError saying how to
    create one."""
    return reader.user_id_for(username)


def token_owner(token: str) -> int | None:
    """Return the id of the active reader owning this token (noting its use), or None."""
    return reader.token_user(token)


def check_password(username: str, password: str) -> int | None:
    """Return the reader's id if the name (or email) and password are right, else None."""
    return reader.check_password(username, password)


def create_token(user_id: int, name: str, kind: str = "api") -> str:
    """Create a token for the reader and return it; it cannot be shown again."""
    return reader.create_token(user_id, name, kind)


def list_tokens(user_id: int) -> list[TokenInfo]:
    """Return the reader's tokens, newest first (never the secrets)."""
    return reader.list_tokens(user_id)


def revoke_token(user_id: int, token_id: int) -> None:
    """Delete one of the reader's tokens, or raise NotFoundError."""
    reader.revoke_token(user_id, token_id)
