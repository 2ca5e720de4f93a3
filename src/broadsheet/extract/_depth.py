"""Bound how deeply HTML nests before nh3 parses it.

nh3's HTML5 tree builder asks "is this element in scope?" by walking the stack of open
elements, so every tag costs time in proportion to the nesting: 100,000 nested ``<div>``
(a 1.1 MB feed item) took 46 s to sanitise, and ``<li><dt>`` repeated 20,000 times 12 s.
libxml2 stops nesting at 256 levels and drops what lies deeper, so markup whose tags may
nest deeper than that is passed through lxml first; all other markup reaches nh3 untouched.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

__all__ = ["MAX_DEPTH", "may_nest_deeper", "shallow"]

MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


def may_nest_deeper(markup: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the tags of ``markup`` could nest more than ``limit`` deep (a cheap estimate).

    Every start tag but a void one opens a level and every end tag closes one, so unclosed
    ``<p>`` or ``<li>`` count as nesting: the estimate errs towards re-parsing, never the other way.
    """
    if markup.count("<") <= limit:
        return False
    depth = 0
    for match in _TAG.finditer(markup):
        if match.group(1):
            depth = max(depth - 1, 0)
        elif match.group(2).lower() not in _VOID:
            depth += 1
            if depth > limit:
                return True
    return False


def shallow(markup: str) -> str:
    """Return ``markup`` nested at most about MAX_DEPTH deep: re-serialised by lxml if need be."""
    if not may_nest_deeper(markup):
        return markup
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):  # AssertionError: lxml found no <body>
        return ""
    return str(lxml.html.tostring(root, encoding="unicode"))
