"""Highlighted snippets: escaped text whose only markup is ``<mark>`` around query words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

WIDTH = 220
MARKS = ("\x02", "\x03")  # control characters that bracket matches in snippets from the index
_MARKED = re.compile("\x02([^\x02\x03]*)\x03")
_STRAY = re.compile("[\x02\x03]")


_SUFFIXES = ("ing", "es", "ed", "s")


def _stem(word: str) -> str:
    """A crude English stem for marking ("strikes", "striking" → "strik"), as search stems."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 5 else word


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    words = sorted({_stem(w) for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.I | re.U)


def mark(text: str, words: Sequence[str]) -> str:
    """Return ``text`` HTML-escaped with every query word (and its other forms) in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text: str, words: Sequence[str], width: int = WIDTH) -> str:
    """Return a window of ``text`` around the densest run of query words, highlighted."""
    flat = " ".join(text.split())
    pattern = _pattern(words)
    hits = [m.start() for m in pattern.finditer(flat)] if pattern else []
    if not hits:
        cut = flat[:width]
        return escape(cut) + ("…" if len(flat) > width else "")
    best = max(hits, key=lambda h: sum(1 for x in hits if h <= x < h + width))
    start = max(0, best - width // 4)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < best else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > best else end
    body = mark(flat[start:end], words)
    return ("…" if start else "") + body + ("…" if end < len(flat) else "")


def marked_html(text: str) -> str:
    """Return index-marked ``text`` HTML-escaped, whitespace collapsed, matches in <mark>.

    Marker characters that came with the article itself can only add balanced ``<mark>`` tags.
    """
    flat = escape(" ".join(text.split()))
    return _STRAY.sub("", _MARKED.sub(_mark_group, flat))


def _mark_group(m: re.Match[str]) -> str:
    return f"<mark>{m[1]}</mark>"
