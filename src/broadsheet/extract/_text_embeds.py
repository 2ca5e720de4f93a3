"""Find social posts that a page flattened into plain text ("— Name (@handle) July 3, 2025")."""

from __future__ import annotations

import re
from datetime import datetime

from ._types import Embed

_SIGNATURE = re.compile(
    r"^\s*(?:—|–|-{1,2}|&mdash;|&#8212;)\s*(?P<author>[^()\n]{1,80}?)\s*"
    r"\((?P<handle>@[\w.@-]{1,80})\)\s*(?:on\s+)?(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})\s*$",
)
_QUOTES = "\"'“”‘’«»„"
_MAX_POST_LINES = 3
_MAX_POST_LINE_CHARS = 280


def iso_date(raw: str) -> str:
    """Return ``raw`` ("July 3, 2025", "Jul 3 2025") as YYYY-MM-DD, or unchanged when unparseable."""
    cleaned = re.sub(r"[.,]", " ", raw)
    cleaned = " ".join(cleaned.split())
    for pattern in ("%B %d %Y", "%b %d %Y"):
        try:
            return datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    return raw.strip()


def platform_for_handle(handle: str) -> str:
    """Guess the network from a handle: @user@server is Mastodon, a dotted handle Bluesky, else X."""
    if handle.count("@") >= 2:
        return "mastodon"
    return "bluesky" if "." in handle else "x"


def _is_post_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_POST_LINE_CHARS or _SIGNATURE.match(stripped):
        return False
    wholly_quoted = len(stripped) > 1 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES
    return not wholly_quoted


def _post_lines(lines: list[str], end: int) -> list[str]:
    """Up to three lines before ``end``, stopping at a blank, quote, signature or prose line."""
    taken: list[str] = []
    index = end - 1
    while index >= 0 and len(taken) < _MAX_POST_LINES and _is_post_line(lines[index]):
        taken.append(lines[index].strip())
        index -= 1
    return taken[::-1]


def _lines(text: str) -> list[str]:
    """Split into lines; when paragraphs are blank-line separated, each paragraph is one line."""
    text = text.replace("\r\n", "\n")
    blank_separators = len(re.findall(r"\n[ \t]*\n", text))
    if blank_separators and blank_separators * 2 >= text.count("\n"):
        return [p.replace("\n", " ") for p in re.split(r"\n[ \t]*\n", text)]
    return text.split("\n")


def find_text_embeds(text: str) -> tuple[Embed, ...]:
    """Return the posts in flattened ``text``: each signature line plus the lines of the post."""
    lines = _lines(text)
    embeds: list[Embed] = []
    for index, line in enumerate(lines):
        match = _SIGNATURE.match(line)
        if not match:
            continue
        handle = match["handle"]
        embeds.append(
            Embed(
                platform=platform_for_handle(handle),
                url=None,
                author=match["author"].strip() or None,
                handle=handle,
                published=iso_date(match["date"]),
                text="\n".join(_post_lines(lines, index)),
                source="text",
            )
        )
    return tuple(embeds)
