"""Refuse XML entity bombs before feedparser sees them.

feedparser keeps the entities a document declares in its internal DTD when their text is
plain, and both its parsers expand them: expat stops only past a 100-fold amplification (a
10 MiB feed may still become 1 GiB), and the loose parser feedparser falls back to after any
XML error has no limit at all (one 100 KB entity used 3,000 times became a 300 MB summary in
32 s and 870 MiB). This module adds up what the declared entities would expand to, nested
ones included, and refuses the document past :data:`MAX_EXPANSION`. External and parameter
entities are not counted: feedparser drops them unread, and never fetches a DTD.
"""

from __future__ import annotations

import re
from collections import Counter

from broadsheet.errors import FeedParseError

__all__ = ["MAX_EXPANSION", "refuse_entity_bombs"]

MAX_EXPANSION = 1024 * 1024
MAX_DECLARATIONS = 256
_NAME = rb"[A-Za-z_:][\w:.\-]*"
_DECLARATION = re.compile(rb"<!ENTITY\s+(" + _NAME + rb")\s+(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(rb"&(" + _NAME + rb");")


class _Cycle(Exception):
    """An entity refers back to itself."""


def _sizes(values: dict[bytes, bytes]) -> dict[bytes, int]:
    """Each entity's expanded size in bytes, capped just past MAX_EXPANSION; raise _Cycle."""
    refs = {
        name: Counter(r for r in _REFERENCE.findall(value) if r in values)
        for name, value in values.items()
    }
    sizes: dict[bytes, int] = {}
    for root in values:
        if root in sizes:
            continue
        stack, visiting = [(root, iter(refs[root]))], {root}
        while stack:
            name, children = stack[-1]
            child = next((c for c in children if c not in sizes), None)
            if child is not None:
                if child in visiting:
                    raise _Cycle
                visiting.add(child)
                stack.append((child, iter(refs[child])))
                continue
            stack.pop()
            visiting.discard(name)
            inner = sum(count * sizes[r] for r, count in refs[name].items())
            sizes[name] = min(MAX_EXPANSION + 1, len(values[name]) + inner)
    return sizes


def _bomb(name: str, detail: str) -> FeedParseError:
    return FeedParseError(
        f"{name} declares XML entities that {detail} (an entity bomb), so it was not read"
    )


def refuse_entity_bombs(body: bytes, name: str) -> None:
    """Raise FeedParseError when the document's declared entities would expand past the bound."""
    if b"<!ENTITY" not in body:
        return
    # The whole document is searched, not only its prolog: an entity text holding "<b" ends
    # feedparser's prolog early, and expat then reads the declarations after it unfiltered.
    values: dict[bytes, bytes] = {}
    for match in _DECLARATION.finditer(body):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        values.setdefault(match.group(1), value)
    if len(values) > MAX_DECLARATIONS:
        raise _bomb(name, f"number more than {MAX_DECLARATIONS}")
    try:
        sizes = _sizes(values)
    except _Cycle:
        raise _bomb(name, "refer to themselves") from None
    # Counting "&name" without its ";" over-counts a little, and catches the loose parser's
    # references that omit the semicolon.
    total = sum(size * body.count(b"&" + entity) for entity, size in sizes.items() if size)
    if total > MAX_EXPANSION:
        raise _bomb(name, f"would add more than {MAX_EXPANSION:,} bytes when expanded")
