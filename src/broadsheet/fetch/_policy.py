"""The knobs of one Fetcher, read once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from broadsheet import __version__

__all__ = ["FetchPolicy", "user_agent"]

PROJECT_URL = "https://github.com/broadsheet"
MiB = 1024 * 1024


def user_agent(contact: str = "") -> str:
    """Return the honest User-Agent naming Broadsheet, its version and the operator's contact."""
    extra = f"; {contact.strip()}" if contact.strip() else ""
    return f"Broadsheet/{__version__} (+{PROJECT_URL}{extra})"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for every request a Fetcher makes."""

    timeout: float = 20.0
    max_bytes: int = 10 * MiB
    concurrency: int = 32
    per_host: int = 4
    host_delay: float = 1.0
    allow_networks: tuple[IPv4Network | IPv6Network, ...] = ()
    user_agent: str = user_agent()
    max_redirects: int = 10
    retries: int = 2
    max_retry_after: float = 30.0
    backoff_base: float = 0.5
    respect_robots: bool = True

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_bytes <= 0:
            raise ValueError("FetchPolicy needs a positive timeout and max_bytes")
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("FetchPolicy needs concurrency and per_host of at least 1")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("FetchPolicy needs non-negative retries and max_redirects")

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> FetchPolicy:
        """Build the policy from validated ``broadsheet.config`` settings (overrides win)."""
        values: dict[str, Any] = {
            "timeout": float(settings.fetch_timeout),
            "max_bytes": int(settings.fetch_max_bytes),
            "concurrency": int(settings.fetch_concurrency),
            "per_host": int(settings.fetch_per_host),
            "host_delay": float(settings.fetch_host_delay),
            "allow_networks": tuple(settings.fetch_allow_networks),
            "user_agent": user_agent(str(settings.user_agent_contact)),
        }
        values.update(overrides)
        return cls(**values)
