"""The sign-in throttle's decisions (pure) and its counters on every cache Broadsheet can use.

The bursts through the web login, ClientLogin and the token checks are in
tests/web/test_login_throttle.py and tests/api/test_api_throttle.py.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.test import RequestFactory, override_settings

from broadsheet.errors import ThrottledError
from broadsheet.site import throttle
from tests.support.throttle import CACHES, T0, own_cache

POLICY = throttle.Policy(per_address=10, per_account=5, window_seconds=900)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path) -> Iterator[None]:
    with own_cache("locmem://", tmp_path):
        yield


def test_windows_are_aligned_to_the_clock() -> None:
    assert throttle.window(T0, 900) == (2_000_000, 900)
    assert throttle.window(T0 + 0.5, 900) == (2_000_000, 900)  # whole seconds, rounded up
    assert throttle.window(T0 + 899.5, 900) == (2_000_000, 1)  # never 0: Retry-After: 0 means now
    assert throttle.window(T0 + 900, 900) == (2_000_001, 900)


def test_the_limits_are_passed_by_the_attempt_after_them() -> None:
    assert throttle.refusal(POLICY, seconds_left=900, address=10, account=5) is None
    by_address = throttle.refusal(POLICY, seconds_left=900, address=11, account=1)
    assert isinstance(by_address, ThrottledError) and by_address.retry_after == 900
    assert str(by_address) == "Too many failed sign-ins from your address: try again in 15 minutes."
    by_account = throttle.refusal(POLICY, seconds_left=30, address=3, account=6)
    assert str(by_account) == "Too many failed sign-ins for this account: try again in a minute."
    tokens = throttle.refusal(POLICY, seconds_left=61, address=11, what="bad tokens")
    assert str(tokens) == "Too many bad tokens from your address: try again in 2 minutes."


@pytest.mark.parametrize(
    ("remote", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # same subscriber, same count
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", "unknown"),
        ("not-an-ip", "not-an-ip"),
    ],
)
def test_addresses_count_ipv6_by_their_64(remote: str, counted_as: str) -> None:
    assert throttle.address_key(remote) == counted_as


def test_forwarded_for_is_not_trusted() -> None:
    request = RequestFactory().post(
        "/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert throttle.client_address(request) == "198.51.100.9"


def test_the_response_is_429_with_retry_after_and_one_line() -> None:
    response = throttle.too_many(ThrottledError("Too many: wait.", retry_after=42))
    assert response.status_code == 429 and response["Retry-After"] == "42"
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"Too many: wait.\n"


@pytest.mark.parametrize("url", CACHES)
def test_counters_count_and_keep_their_expiry_on_every_cache(url: str, tmp_path: Path) -> None:
    with own_cache(url, tmp_path / "own"):
        counts = [throttle._bump("throttle:test:counter", 900) for _ in range(12)]
        assert counts == list(range(1, 13))
        assert throttle._add("throttle:test:counter", -1, 900) == 11  # a success taken back
        assert cache.get("throttle:test:counter") == 11
        # Django's generic incr (the file cache's) resets the expiry to 5 minutes.
        assert _expiry() > 800


def _expiry() -> float:
    """Seconds until the test counter expires, read from the backend's own records."""
    backend = caches["default"]
    key = backend.make_and_validate_key("throttle:test:counter")
    if hasattr(backend, "_expire_info"):  # per-process memory
        return float(backend._expire_info[key]) - time.time()
    if hasattr(backend, "_cache") and hasattr(backend._cache, "get_client"):  # Redis
        return float(backend._cache.get_client(key).ttl(key))
    with open(backend._key_to_file("throttle:test:counter"), "rb") as f:  # type: ignore[attr-defined]
        return float(pickle.load(f)) - time.time()  # files: the expiry is pickled first


class DownCache(BaseCache):
    """A cache whose server is gone: every call fails."""

    def __getattribute__(self, name: str) -> object:
        if name in {"add", "get", "set", "incr", "decr", "touch", "delete"}:
            raise ConnectionError("redis is down")
        return super().__getattribute__(name)


@pytest.mark.django_db
def test_a_broken_cache_throttles_nothing(caplog: pytest.LogCaptureFixture) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    with override_settings(CACHES={"default": {"BACKEND": f"{__name__}.DownCache"}}):
        for _ in range(20):
            throttle.begin_login(request, "alice").succeeded()
            assert throttle.token_user(request, "bs_unknown") is None
    assert "throttle: cache unavailable" in caplog.text


def test_parallel_guesses_cannot_slip_in_before_the_first_failure_is_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Attempts are counted before the password is checked: 50 at once, 5 get checked."""
    monkeypatch.setattr(throttle, "clock", lambda: float(T0))
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")

    def attempt(_: int) -> bool:
        try:
            throttle.begin_login(request, "alice")
        except ThrottledError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=16) as pool:
        checked = sum(pool.map(attempt, range(50)))
    assert checked == 5


def test_the_policy_comes_from_the_settings(settings_env: pytest.MonkeyPatch) -> None:
    assert throttle.Policy.from_settings() == POLICY  # the documented defaults
    settings_env.setenv("BROADSHEET_LOGIN_FAILURES_PER_ACCOUNT", "2")
    settings_env.setenv("BROADSHEET_LOGIN_WINDOW_MINUTES", "1")
    assert throttle.Policy.from_settings() == throttle.Policy(10, 2, 60)
