"""Comment text to safe HTML: escape everything, turn URLs into links, keep paragraphs."""

from __future__ import annotations

import re
from html import escape

import nh3

__all__ = ["to_html"]

URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.I)


def _linked(line: str) -> str:
    out, last = [], 0
    for m in URL.finditer(line):
        out.append(escape(line[last : m.start()]))
        href = escape(m.group(0))
        out.append(f'<a href="{href}">{href}</a>')
        last = m.end()
    out.append(escape(line[last:]))
    return "".join(out)


def to_html(text: str) -> str:
    """Return the comment as paragraphs with escaped text and nofollow links only."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linked(line) for line in p.splitlines()) + "</p>" for p in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        link_rel="nofollow ugc noopener",
        url_schemes={"http", "https"},
    )
