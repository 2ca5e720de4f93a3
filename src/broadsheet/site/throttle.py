"""Failed sign-ins, bad tokens and comments, counted per client address and per account, in
Django's cache.

The policy (numbers are settings, defaults in brackets; docs/web.md, "Sign-in throttling"):

- Every password check (web ``/accounts/login/``, Google Reader ``ClientLogin``) counts against
  the client's address and against the account name typed, in clock-aligned windows of
  ``BROADSHEET_LOGIN_WINDOW_MINUTES`` [15]. An attempt that signs in is taken back, so only
  failures stay counted.
- Past ``BROADSHEET_LOGIN_FAILURES_PER_ADDRESS`` [10] failures from one address, or
  ``BROADSHEET_LOGIN_FAILURES_PER_ACCOUNT`` [5] for one account, every further attempt in the
  window is answered 429 with ``Retry-After`` (the seconds left in the window) and the password
  is not checked: the right one is refused too, or guessing would go on at the same pace.
- Signing in clears that account's failures, never the address's: otherwise signing in to an
  account of one's own between guesses would reset the count.
- A bad API token (JSON API, Google Reader, private alert feeds) counts against the address in a
  counter of its own with the per-address limit, so a stale token left in an app does not lock
  its owner out of the sign-in page. A request without a token is not counted.
- Comments (web form, JSON API) count against the address: past ``COMMENTS_PER_ADDRESS`` [20]
  in a 10-minute window, 429. Each account has its own 5 per 10 minutes besides (the community
  part's rule); without this, accounts made in a row on an open sign-up page would each post
  theirs from the same address.

Why these numbers: an account is one person, who rarely mistypes a password five times in a
quarter of an hour; 5 guesses per 15 minutes from everywhere at once is 480 a day, hopeless
against any password worth the name. An address may be a household or an office behind one NAT,
so it gets twice that. The price is that anyone can lock an account for the rest of a window by
guessing; the lock lifts by itself when the window ends.

Attempts are counted *before* the password is checked, with the cache's atomic increment where
it has one (Redis, per-process memory), so parallel requests cannot all slip through while the
first is still hashing. Windows are aligned to the clock: at most twice the limit can land
around a window's end, never more than the limit per window on average.

The address is ``REMOTE_ADDR``; ``X-Forwarded-For`` is not trusted, as no setting names a
trusted proxy (behind a reverse proxy every client shares the proxy's address). IPv6 addresses
count by their /64, the block one subscriber is usually given. Account names count as typed,
case-folded; an account reached by name and by e-mail (``ClientLogin`` accepts both) gets at
most twice its limit. If the cache fails, nothing is throttled and a warning is logged: an
outage must not lock every reader out.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from broadsheet import config
from broadsheet.errors import ThrottledError
from broadsheet.reading import token_owner

__all__ = [
    "COMMENTS_PER_ADDRESS",
    "LoginAttempt",
    "Policy",
    "address_key",
    "begin_comment",
    "begin_login",
    "client_address",
    "refusal",
    "token_user",
    "too_many",
    "window",
]

log = logging.getLogger(__name__)
clock: Callable[[], float] = time.time  # tests move this clock instead of waiting
SPARE_SECONDS = 60  # counters outlive their window a little; their keys name the window anyway
# Four readers' worth of comments (5 each per 10 minutes) from one household or office.
COMMENTS_PER_ADDRESS, COMMENT_WINDOW_SECONDS = 20, 600


@dataclass(frozen=True)
class Policy:
    """Failures allowed per window from one address and for one account."""

    per_address: int
    per_account: int
    window_seconds: int

    @classmethod
    def from_settings(cls) -> Policy:
        """The policy the BROADSHEET_LOGIN_* settings describe."""
        cfg = config.get()
        return cls(
            cfg.login_failures_per_address,
            cfg.login_failures_per_account,
            cfg.login_window_minutes * 60,
        )


# -- pure decisions ---------------------------------------------------------------------------


def window(now: float, seconds: int) -> tuple[int, int]:
    """The clock-aligned window holding ``now``, and the whole seconds left in it (at least 1)."""
    index = int(now // seconds)
    return index, max(1, math.ceil((index + 1) * seconds - now))


def address_key(remote_addr: str) -> str:
    """What an address is counted as: IPv4 as it is, IPv6 by its /64 (IPv4-mapped as IPv4)."""
    try:
        ip = ipaddress.ip_address(remote_addr.strip())
    except ValueError:
        return remote_addr.strip()[:100] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _later(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return "in a minute" if minutes <= 1 else f"in {minutes} minutes"


def refusal(
    policy: Policy,
    *,
    seconds_left: int,
    address: int,
    account: int = 0,
    what: str = "failed sign-ins",
) -> ThrottledError | None:
    """The refusal for an attempt that makes ``address``/``account`` attempts (itself included)
    this window, or None if it may go ahead."""
    if address > policy.per_address:
        where = "from your address"
    elif account > policy.per_account:
        where = "for this account"
    else:
        return None
    return ThrottledError(
        f"Too many {what} {where}: try again {_later(seconds_left)}.", retry_after=seconds_left
    )


# -- the cache --------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The address this request is counted against (see :func:`address_key`)."""
    return address_key(str(request.META.get("REMOTE_ADDR", "")))


def _key(kind: str, ident: str, index: int) -> str:
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"throttle:{kind}:{digest}:{index}"


def _add(key: str, delta: int, ttl: int) -> int:
    """Add ``delta`` to an existing counter (atomically where the cache can); keep it ``ttl`` s."""
    count = int(cache.incr(key, delta))  # ValueError if the counter is gone
    cache.touch(key, ttl)  # Django's generic incr (the file cache's) resets the expiry to 5 min
    return count


def _bump(key: str, ttl: int) -> int:
    """Add one to a counter, creating it, and return the new count."""
    cache.add(key, 0, ttl)
    try:
        return _add(key, 1, ttl)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1


def _refused(error: ThrottledError, first: bool, address: str) -> ThrottledError:
    if first:  # log once per lock, not once per refused request
        log.warning("throttled", extra={"address": address, "retry_after": error.retry_after})
    return error


class LoginAttempt:
    """A password check under way: it stays counted as a failure unless :meth:`succeeded`."""

    def __init__(self, address: str = "", account: str = "", ttl: int = 0) -> None:
        self._address, self._account, self._ttl = address, account, ttl

    def succeeded(self) -> None:
        """Take this attempt back from the address's count and clear the account's failures."""
        try:
            if self._account:
                cache.delete(self._account)
            if self._address:
                _add(self._address, -1, self._ttl)
        except ValueError:  # the counter expired meanwhile: nothing to take back
            pass
        except Exception:
            log.warning("throttle: cache unavailable, success not recorded", exc_info=True)


def begin_login(request: HttpRequest, account: str) -> LoginAttempt:
    """Count a sign-in attempt for ``account`` from this client; raise ThrottledError past a limit."""
    policy = Policy.from_settings()
    index, left = window(clock(), policy.window_seconds)
    address = client_address(request)
    counters = (
        _key("login-address", address, index),
        _key("login-account", account.strip().casefold(), index),
    )
    ttl = left + SPARE_SECONDS
    try:
        from_address = _bump(counters[0], ttl)
        # A locked address adds nothing to the accounts it names.
        for_account = _bump(counters[1], ttl) if from_address <= policy.per_address else 0
    except Exception:
        log.warning("throttle: cache unavailable, sign-in not counted", exc_info=True)
        return LoginAttempt()
    refused = refusal(policy, seconds_left=left, address=from_address, account=for_account)
    if refused is not None:
        first = from_address == policy.per_address + 1 or for_account == policy.per_account + 1
        raise _refused(refused, first, address)
    return LoginAttempt(*counters, ttl)


def begin_comment(request: HttpRequest) -> None:
    """Count a comment posted from this client's address; raise ThrottledError past
    ``COMMENTS_PER_ADDRESS`` this window (whichever accounts posted them)."""
    policy = Policy(COMMENTS_PER_ADDRESS, 0, COMMENT_WINDOW_SECONDS)
    index, left = window(clock(), policy.window_seconds)
    address = client_address(request)
    try:
        count = _bump(_key("comment-address", address, index), left + SPARE_SECONDS)
    except Exception:
        log.warning("throttle: cache unavailable, comment not counted", exc_info=True)
        return
    refused = refusal(policy, seconds_left=left, address=count, what="comments")
    if refused is not None:
        raise _refused(refused, count == policy.per_address + 1, address)


def token_user(
    request: HttpRequest, token: str, lookup: Callable[[str], int | None] | None = None
) -> int | None:
    """The token owner's id (``token_owner``, or ``lookup`` for keys of another kind such
    as Fever's), or None; past the limit of bad tokens from this address, raise ThrottledError
    without looking the token up."""
    if not token:
        return None
    lookup = lookup or token_owner
    policy = Policy.from_settings()
    index, left = window(clock(), policy.window_seconds)
    address = client_address(request)
    counter = _key("token-address", address, index)
    try:
        failures = int(cache.get(counter, 0))
    except Exception:
        log.warning("throttle: cache unavailable, token not counted", exc_info=True)
        return lookup(token)
    refused = refusal(policy, seconds_left=left, address=failures + 1, what="bad tokens")
    if refused is not None:
        raise _refused(refused, failures == policy.per_address, address)
    owner = lookup(token)
    if owner is None:
        try:
            _bump(counter, left + SPARE_SECONDS)
        except Exception:
            log.warning("throttle: cache unavailable, bad token not counted", exc_info=True)
    return owner


def too_many(error: ThrottledError) -> HttpResponse:
    """The 429 a refused attempt gets: ``Retry-After`` in seconds and one plain line."""
    response = HttpResponse(f"{error}\n", status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(error.retry_after)
    return response
