"""The fetch package's public names and policy construction."""

from __future__ import annotations

from ipaddress import ip_network
from types import SimpleNamespace

import pytest

import broadsheet.fetch as fetch
from broadsheet import __version__
from broadsheet.fetch import FetchPolicy


def test_all_is_pinned() -> None:
    assert sorted(fetch.__all__) == [
        "ContentDecodingError",
        "FetchPolicy",
        "FetchResult",
        "Fetcher",
        "InvalidURLError",
        "Purpose",
        "TruncatedError",
        "fetch_sync",
        "is_challenge_page",
        "post_json",
        "user_agent",
    ]


def test_policy_from_settings() -> None:
    settings = SimpleNamespace(
        fetch_timeout=7.0,
        fetch_max_bytes=1234,
        fetch_concurrency=9,
        fetch_per_host=2,
        fetch_host_delay=0.5,
        fetch_allow_networks=(ip_network("10.0.0.0/8"),),
        user_agent_contact="ops@example.org",
    )
    policy = FetchPolicy.from_settings(settings, retries=0)
    assert (policy.timeout, policy.max_bytes, policy.concurrency, policy.per_host) == (
        7.0,
        1234,
        9,
        2,
    )
    assert policy.host_delay == 0.5 and policy.allow_networks == (ip_network("10.0.0.0/8"),)
    assert (
        policy.user_agent
        == f"Broadsheet/{__version__} (+https://github.com/broadsheet; ops@example.org)"
    )
    assert policy.retries == 0


def test_policy_from_config_load() -> None:
    from broadsheet import config

    policy = FetchPolicy.from_settings(config.load({}))
    assert policy == FetchPolicy()


def test_default_user_agent_is_honest() -> None:
    assert FetchPolicy().user_agent.startswith(f"Broadsheet/{__version__} (+https://")


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="positive"):
        FetchPolicy(timeout=0)
