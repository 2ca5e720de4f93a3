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
# the longest post each network allows: a flattened post never runs longer than this
_POST_LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500}
# the reporter's sentence that introduces a post ("The CTA posted a warning just after midnight:")
_LEAD_IN = re.compile(r"[:：]\s*$")


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


def _is_post_line(line: str, limit: int) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > limit or _SIGNATURE.match(stripped):
        return False
    if _LEAD_IN.search(stripped):
        return False
    wholly_quoted = len(stripped) > 1 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES
    return not wholly_quoted


def _post_lines(lines: list[str], end: int, platform: str) -> list[str]:
    """The post's lines just before the signature at ``end``.

    The walk back stops at a blank, quoted, signature or lead-in line (one ending with a colon,
    which is the reporter introducing the post), after three lines, or before the lines would
    add up to more than the network lets a post hold: a longer run is the reporter's prose.
    """
    limit = _POST_LIMITS.get(platform, _POST_LIMITS["x"])
    taken: list[str] = []
    used = 0
    index = end - 1
    while index >= 0 and len(taken) < _MAX_POST_LINES and _is_post_line(lines[index], limit):
        line = lines[index].strip()
        used += len(line) + (1 if taken else 0)
        if used > limit:
            break
        taken.append(line)
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
        platform = platform_for_handle(handle)
        embeds.append(
            Embed(
                platform=platform,
                url=None,
                author=match["author"].strip() or None,
                handle=handle,
                published=iso_date(match["date"]),
                text="\n".join(_post_lines(lines, index, platform)),
                source="text",
            )
        )
    return tuple(embeds)
