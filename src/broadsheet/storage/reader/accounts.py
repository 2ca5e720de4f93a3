"""Accounts: creating readers and setting their passwords (Django's auth tables)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from broadsheet.errors import NotFoundError

__all__ = ["create_user", "set_password", "user_count", "username_taken"]


def user_count() -> int:
    """Return how many accounts exist."""
    return int(get_user_model().objects.count())


def username_taken(username: str) -> bool:
    """Whether an account already has this name (names compare case-insensitively)."""
    return bool(get_user_model().objects.filter(username__iexact=username).exists())


def create_user(username: str, password: str, *, email: str = "", staff: bool = False) -> int:
    """Create an account and return its id; the first account of all is the administrator."""
    model = get_user_model()
    with transaction.atomic():
        first = not model.objects.exists()
        admin = staff or first
        user = model.objects.create_user(
            username=username,
            email=email,
            password=password,
            is_staff=admin,
            is_superuser=first,
        )
    return int(user.pk)


def set_password(username: str, password: str) -> None:
    """Set the password of the named account, or raise NotFoundError."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFoundError(
            f"no account named {username!r}; `broadsheet user create {username}` makes one"
        )
    user.set_password(password)
    user.save(update_fields=["password"])
