"""Reader state: API tokens, read/saved articles and muted outlets, per user.

Tokens are random strings shown once; only their SHA-256 digest is stored (they carry 256 bits
of entropy, so a fast hash is enough and lookups stay indexed).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from broadsheet import config
from broadsheet.errors import NotFoundError
from broadsheet.storage.models import Article, Source
from broadsheet.storage.reader.models import ApiToken, ArticleState, MutedSource

__all__ = [
    "TOKEN_PREFIX",
    "TokenInfo",
    "UserInfo",
    "check_password",
    "create_token",
    "get_user",
    "interests",
    "is_read",
    "is_saved",
    "list_tokens",
    "mark_read",
    "mute_source",
    "muted_outlets",
    "muted_sources",
    "past_horizon",
    "revoke_token",
    "save",
    "saved_ids",
    "state_changed",
    "state_version",
    "token_user",
    "unread_since",
    "user_id_for",
]

TOKEN_PREFIX = "bs_"
MAX_GREADER_TOKENS = 10


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed to its owner: never the token itself."""

    id: int
    name: str
    prefix: str
    kind: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class UserInfo:
    """Who a token or login belongs to."""

    id: int
    username: str
    email: str
    is_staff: bool


def unread_since() -> datetime:
    """The unread horizon: articles published before it count as read (``BROADSHEET_UNREAD_DAYS``).

    Floored to the hour, so the counts kept for it stay valid for an hour and every query of
    one request sees the same horizon; marks older than it stay stored as they are."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now - timedelta(days=int(config.get().unread_days))


def _version_key(user_id: int) -> str:
    return f"reader:state-version:{user_id}"


def state_version(user_id: int) -> int:
    """A number that changes whenever the reader marks, saves, mutes or follows."""
    key = _version_key(user_id)
    try:
        found = cache.get(key)
        if found is None:  # a new number, never a past one: an evicted counter restarts elsewhere
            cache.add(key, secrets.randbits(62), None)
            found = cache.get(key)
        return int(found or 0)
    except Exception:  # no cache: every call is a new version, nothing kept is trusted
        return secrets.randbits(62)


def state_changed(user_id: int) -> None:
    """Note that the reader's marks or follows changed: what was kept for them is stale now."""
    key = _version_key(user_id)
    try:
        if not cache.add(key, 1, None):
            cache.incr(key)
    except Exception:  # the cache is down or evicted the key meanwhile: start a new number
        with contextlib.suppress(Exception):
            cache.set(key, secrets.randbits(62), None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user_id: int, name: str, kind: str = "api") -> str:
    """Create a token for the user and return it; it cannot be shown again."""
    if not get_user_model().objects.filter(id=user_id).exists():
        raise NotFoundError(f"no user with id {user_id}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user_id=user_id,
            name=name[:100] or kind,
            digest=_digest(token),
            prefix=token[:10],
            kind=kind,
        )
        if kind == "greader":  # every ClientLogin makes one: keep the newest few
            old = (
                ApiToken.objects.filter(user_id=user_id, kind=kind)
                .order_by("-created_at", "-id")
                .values_list("id", flat=True)[MAX_GREADER_TOKENS:]
            )
            ApiToken.objects.filter(id__in=list(old)).delete()
    return token


def token_user(token: str) -> int | None:
    """Return the id of the active user owning this token, or None if it is unknown."""
    if not token or len(token) > 200:
        return None
    row = (
        ApiToken.objects.filter(digest=_digest(token), user__is_active=True)
        .exclude(kind="fever")  # a Fever key opens the Fever API only (reader.fever)
        .values_list("id", "user_id", "last_used_at")
        .first()
    )
    if row is None:
        return None
    token_id, user_id, last_used = row
    now = timezone.now()
    if last_used is None or (now - last_used).total_seconds() > 60:
        ApiToken.objects.filter(id=token_id).update(last_used_at=now)
    return int(user_id)


def list_tokens(user_id: int) -> list[TokenInfo]:
    """Return the user's tokens, newest first."""
    qs = ApiToken.objects.filter(user_id=user_id).order_by("-created_at", "-id")
    return [TokenInfo(t.id, t.name, t.prefix, t.kind, t.created_at, t.last_used_at) for t in qs]


def revoke_token(user_id: int, token_id: int) -> None:
    """Delete one of the user's tokens, or raise NotFoundError."""
    deleted, _ = ApiToken.objects.filter(user_id=user_id, id=token_id).delete()
    if not deleted:
        raise NotFoundError(f"user {user_id} has no token with id {token_id}")


def get_user(user_id: int) -> UserInfo:
    """Return a user's name and email, or raise NotFoundError."""
    row = (
        get_user_model()
        .objects.filter(id=user_id)
        .values_list("id", "username", "email", "is_staff")
        .first()
    )
    if row is None:
        raise NotFoundError(f"no user with id {user_id}")
    return UserInfo(*row)


def user_id_for(username: str) -> int:
    """Return the id of the user with this name, or raise NotFoundError."""
    user_id = (
        get_user_model().objects.filter(username=username).values_list("id", flat=True).first()
    )
    if user_id is None:
        raise NotFoundError(
            f"no user named {username!r}; create one with `broadsheet user create {username}`"
        )
    return int(user_id)


def check_password(username: str, password: str) -> int | None:
    """Return the user's id if the name (or email) and password are right, else None."""
    user = authenticate(username=username, password=password)
    if user is None and "@" in username:
        name = (
            get_user_model()
            .objects.filter(email__iexact=username)
            .values_list("username", flat=True)
            .first()
        )
        user = authenticate(username=name, password=password) if name else None
    return int(user.pk) if user is not None and user.is_active else None


def _existing(ids: Iterable[int]) -> list[int]:
    return list(Article.objects.filter(id__in=set(ids)).values_list("id", flat=True))


def mark_read(user_id: int, ids: Iterable[int], read: bool = True) -> int:
    """Mark articles read (or unread) for the user; unknown ids are ignored; return how many."""
    ids = _existing(ids)
    now = timezone.now()
    with transaction.atomic():
        ArticleState.objects.bulk_create(
            [ArticleState(user_id=user_id, article_id=i) for i in ids],
            ignore_conflicts=True,
            batch_size=500,
        )
        ArticleState.objects.filter(user_id=user_id, article_id__in=ids).update(
            read=read, read_at=now if read else None
        )
    state_changed(user_id)
    return len(ids)


def is_read(user_id: int, ids: Iterable[int]) -> set[int]:
    """Return which of the given articles the user has read."""
    qs = ArticleState.objects.filter(user_id=user_id, article_id__in=list(ids), read=True)
    return set(qs.values_list("article_id", flat=True))


def save(user_id: int, article_id: int, saved: bool = True) -> None:
    """Save (star) or unsave an article for the user; raise NotFoundError for unknown articles."""
    if not _existing([article_id]):
        raise NotFoundError(f"no article with id {article_id}")
    with transaction.atomic():
        state, _ = ArticleState.objects.get_or_create(user_id=user_id, article_id=article_id)
        state.saved, state.saved_at = saved, timezone.now() if saved else None
        state.save(update_fields=["saved", "saved_at"])
    state_changed(user_id)


def past_horizon(ids: Iterable[int]) -> set[int]:
    """Those of the given articles published before the unread horizon: they count as read."""
    qs = Article.objects.filter(id__in=list(ids), published_at__lt=unread_since())
    return set(qs.values_list("id", flat=True))


def is_saved(user_id: int, ids: Iterable[int]) -> set[int]:
    """Return which of the given articles the user has saved."""
    qs = ArticleState.objects.filter(user_id=user_id, article_id__in=list(ids), saved=True)
    return set(qs.values_list("article_id", flat=True))


def saved_ids(user_id: int) -> list[int]:
    """Return the ids of the user's saved articles, most recently saved first."""
    qs = ArticleState.objects.filter(user_id=user_id, saved=True).order_by("-saved_at", "-id")
    return list(qs.values_list("article_id", flat=True))


def mute_source(user_id: int, source_id: int, muted: bool = True) -> None:
    """Hide (or show again) an outlet in the user's reading list."""
    if not muted:
        MutedSource.objects.filter(user_id=user_id, source_id=source_id).delete()
    elif not Source.objects.filter(id=source_id).exists():
        raise NotFoundError(f"no outlet with id {source_id}")
    else:
        MutedSource.objects.get_or_create(user_id=user_id, source_id=source_id)
    state_changed(user_id)


def muted_sources(user_id: int) -> set[int]:
    """Return the ids of the outlets the user muted."""
    return set(MutedSource.objects.filter(user_id=user_id).values_list("source_id", flat=True))


INTEREST_DAYS = 30
INTEREST_ARTICLES = 200
SAVED_WEIGHT = 3.0


def interests(user_id: int) -> dict[str, float]:
    """Topics of what the user read or saved lately: ``{"e:<name>" | "t:<tag>": share 0-1}``.

    Looks at the newest ``INTEREST_ARTICLES`` articles read or saved in ``INTEREST_DAYS`` days
    (a saved one counts ``SAVED_WEIGHT`` times); a topic's share is the weight of those articles
    naming it (people and organisations) or tagged with it, over the weight of all of them.
    """
    from broadsheet.storage.intel.models import ArticleEntity, ArticleTag

    since = timezone.now() - timedelta(days=INTEREST_DAYS)
    rows = (
        ArticleState.objects.filter(user_id=user_id)
        .filter(Q(read=True, read_at__gte=since) | Q(saved=True, saved_at__gte=since))
        .order_by(
            Greatest(Coalesce("read_at", "saved_at"), Coalesce("saved_at", "read_at")).desc(
                nulls_last=True
            )
        )
        .values_list("article_id", "saved")[:INTEREST_ARTICLES]
    )
    weight = {aid: SAVED_WEIGHT if saved else 1.0 for aid, saved in rows}
    total = sum(weight.values())
    if not total:
        return {}
    found: dict[str, set[int]] = {}
    for aid, name in ArticleEntity.objects.filter(
        article_id__in=list(weight), entity__kind__in=("person", "org")
    ).values_list("article_id", "entity__name"):
        found.setdefault(f"e:{name}", set()).add(aid)
    for aid, tag in (
        ArticleTag.objects.filter(article_id__in=list(weight))
        .exclude(source="hidden")
        .values_list("article_id", "tag")
    ):
        found.setdefault(f"t:{tag.lower()}", set()).add(aid)
    return {term: sum(weight[a] for a in ids) / total for term, ids in found.items()}


def muted_outlets(user_id: int) -> set[str]:
    """Return the names of the outlets the user muted (as stories list their outlets)."""
    return set(
        Source.objects.filter(
            id__in=MutedSource.objects.filter(user_id=user_id).values("source_id")
        ).values_list("name", flat=True)
    )
