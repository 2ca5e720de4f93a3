"""What readers are shown: the one place that decides the HTML every output serves.

Web pages, the JSON API, the Google Reader API and the RSS/Atom outputs take an article's
reading HTML from here, so no output can serve a stored feed's raw markup.
"""

from __future__ import annotations

from ._html import reading_html

__all__ = ["reading_html"]
