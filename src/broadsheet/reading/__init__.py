"""What readers are shown: the one place that decides the HTML every output serves.

Web pages, the JSON API, the Google Reader API and the RSS/Atom outputs take an article's
reading HTML from here, so no output can serve a stored feed's raw markup. The front page's
ranking (``_front``), the stored summaries pages show (``_summaries``) and the values shared
between requests (``_cache``) live here too.
"""

from __future__ import annotations

from ._cache import expire, remember
from ._front import forget_front, front_page
from ._html import reading_html
from ._summaries import article_summary, ask, story_summary

__all__ = [
    "article_summary",
    "ask",
    "expire",
    "forget_front",
    "front_page",
    "reading_html",
    "remember",
    "story_summary",
]
