"""Polite, safe HTTP for feeds, article pages and robots.txt.

:class:`Fetcher` is the one way Broadsheet talks to the web: it refuses private addresses
(and connects only to the addresses it vetted), bounds time and decompressed size, retries
what is worth retrying, follows redirects itself, honours robots.txt for article pages, and
spaces requests to one host. :func:`post_json` sends a webhook through the same guard. Every failure is a :class:`broadsheet.errors.FetchError` whose
``kind`` feeds the feed-health diagnosis.
"""

from __future__ import annotations

from broadsheet.fetch._challenge import is_challenge_page
from broadsheet.fetch._errors import ContentDecodingError, InvalidURLError, TruncatedError
from broadsheet.fetch._fetcher import Fetcher, Purpose, fetch_sync
from broadsheet.fetch._policy import FetchPolicy, user_agent
from broadsheet.fetch._post import post_json
from broadsheet.fetch._result import FetchResult

__all__ = [
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
