"""Refuse documents too dense in elements to read in bounded time and memory.

A feed at the 10 MiB fetch limit made of tiny elements (``<x>t</x>`` 1.25 million times in
one item) took 17 s and 571 MiB on the lxml fast path (a tree of 1.25 million elements) and
89 s and 379 MiB through feedparser, which spends 40-90 µs on every element. Every XML
document is counted first (start tags outside CDATA sections and comments: a few passes of
``bytes.count``, an over-estimate) and refused past :data:`MAX_ELEMENTS`, 50 times the
largest feed of the shared fixtures. A JSON Feed is bounded the same way by its objects
(every ``{``, in strings too): 407,000 tiny items in 10 MiB took 49 s and 441 MiB.
"""

from __future__ import annotations

import re

from broadsheet.errors import FeedParseError

__all__ = ["MAX_ELEMENTS", "refuse_too_many_elements", "refuse_too_many_objects"]

MAX_ELEMENTS = 100_000
_SKIPPED = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)


def _start_tags(text: bytes) -> int:
    return text.count(b"<") - text.count(b"</") - text.count(b"<!") - text.count(b"<?")


def refuse_too_many_elements(body: bytes, name: str) -> None:
    """Raise FeedParseError when ``body`` holds more than MAX_ELEMENTS elements."""
    count = _start_tags(body)
    if count <= MAX_ELEMENTS:
        return
    count -= sum(_start_tags(section.group()) for section in _SKIPPED.finditer(body))
    if count > MAX_ELEMENTS:
        raise FeedParseError(
            f"{name} holds about {count:,} XML elements, more than the {MAX_ELEMENTS:,} "
            "Broadsheet reads from one feed, so it was not read"
        )


def refuse_too_many_objects(body: bytes, name: str) -> None:
    """Raise FeedParseError when a JSON ``body`` may hold more than MAX_ELEMENTS objects."""
    count = body.count(b"{")
    if count > MAX_ELEMENTS:
        raise FeedParseError(
            f"{name} holds about {count:,} JSON objects, more than the {MAX_ELEMENTS:,} "
            "Broadsheet reads from one feed, so it was not read"
        )
