"""Accounts: who may sign up, creating readers (the first is the administrator), passwords.

The web sign-up page and ``broadsheet user create`` both come here, so the same rules hold:
names are unique whatever their case, passwords pass Django's validators, and the very first
account of an install is the administrator (staff and superuser). ``BROADSHEET_SIGNUP=closed``
closes the sign-up page; the command line still creates accounts.
"""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from broadsheet import config
from broadsheet.errors import AccountError, PermissionDeniedError
from broadsheet.storage.reader import accounts

__all__ = ["change_password", "create_account", "first_account", "signup_open"]

_NAME = re.compile(r"^[\w.@+-]{1,150}$")


def signup_open() -> bool:
    """Whether visitors may create their own account on the sign-up page."""
    return bool(config.get().signup == "open")


def first_account() -> bool:
    """Whether no account exists yet, so the next one made is the administrator."""
    return accounts.user_count() == 0


MIN_PASSWORD = 8


def _check_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"password for {username!r} refused: it is too short (at least {MIN_PASSWORD} "
            "characters)"
        )
    try:
        validate_password(password)
    except ValidationError as exc:
        raise AccountError(f"password for {username!r} refused: {' '.join(exc.messages)}") from None


def create_account(
    username: str, password: str, *, email: str = "", staff: bool = False, web: bool = False
) -> int:
    """Create an account and return its id; ``web`` sign-ups obey ``BROADSHEET_SIGNUP``."""
    if web and not signup_open():
        raise PermissionDeniedError(
            "Sign-up is closed on this Broadsheet; ask its administrator for an account."
        )
    if not _NAME.match(username):
        raise AccountError(
            f"{username[:60]!r} cannot be an account name: use up to 150 letters, digits "
            "and . @ + - _"
        )
    if accounts.username_taken(username):
        raise AccountError(f"an account named {username!r} exists already; choose another name")
    _check_password(password, username)
    return accounts.create_user(username, password, email=email, staff=staff)


def change_password(username: str, password: str) -> None:
    """Set a new password for the named account (NotFoundError if there is none)."""
    _check_password(password, username)
    accounts.set_password(username, password)
