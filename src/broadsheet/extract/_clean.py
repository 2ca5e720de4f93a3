"""Tidy extracted text: one paragraph per block, no repeated title, no boilerplate lines."""

from __future__ import annotations

import re

_MAX_BOILERPLATE_WORDS = 14
_BOILERPLATE = re.compile(
    r"^\W*(?:"
    r"sign up\b|subscribe\b|newsletter\b|follow us\b|share (?:this|on|via)\b|read more\b"
    r"|related(?: articles| stories| posts| content| reading)?\s*:|advertisement\W*$"
    r"|advertising\W*$|anzeige\b|werbung\W*$|see also\b|also read\b|read also\b|recommended\W*$"
    r"|most (?:read|popular)\W*$|click here\b|thanks? (?:you )?for (?:subscribing|signing up)"
    r"|view author page|(?:image|photo|picture) (?:credit|courtesy)\b|all rights reserved"
    r"|lesen sie auch\b|mehr zum thema\b|à lire aussi\b|lire aussi\b|leer más\b|lee también\b"
    r"|dowiedz się więcej\b|czytaj (?:też|także)\b|continue reading\b|skip to\b|back to top\b"
    r"|download (?:the|our) app\b|get the app\b|listen to this article\b"
    r")",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped (inner spacing kept as the page had it)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def drop_title(lines: list[str], title: str | None) -> list[str]:
    """Remove a leading line that repeats the title (the reader shows the title separately)."""
    if title and lines and _key(lines[0]) == _key(title):
        return lines[1:]
    return lines


def is_boilerplate(line: str) -> bool:
    """True for short calls to action and navigation lines (sign-ups, "Read more", share bars)."""
    return len(line.split()) <= _MAX_BOILERPLATE_WORDS and bool(_BOILERPLATE.match(line))


def clean_text(text: str, title: str | None) -> str:
    """Return ``text`` as clean paragraphs separated by blank lines."""
    lines = [line for line in drop_title(paragraphs(text), title) if not is_boilerplate(line)]
    return "\n\n".join(lines)


def word_count(text: str) -> int:
    """Number of words in ``text``, counted the way readers count them."""
    return len(_WORD.findall(text))
