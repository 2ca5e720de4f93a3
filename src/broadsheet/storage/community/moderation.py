"""The spam/abuse filter: a pure decision over a comment's text and the author's recent texts.

Rules (each adds a reason): too many links → hold; the same text posted recently → reject;
a blocked term → reject; shouting (mostly capitals) → hold; a threat to someone → reject; an
insult aimed at a person → hold (``_abuse``: word lists and sentence shapes). Rejections are shown to the author
with the reason; held comments wait in the staff moderation queue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from broadsheet.storage.community._abuse import insult, threat

__all__ = ["MAX_LINKS", "Verdict", "judge"]

MAX_LINKS = 2
LINK = re.compile(r"https?://", re.I)


@dataclass(frozen=True)
class Verdict:
    """``action`` is allow, hold or reject; ``reasons`` say why in plain words."""

    action: str
    reasons: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def judge(text: str, recent: Iterable[str] = (), blocked: Iterable[str] = ()) -> Verdict:
    """Decide whether a comment is allowed, held for a moderator, or rejected."""
    reject: list[str] = []
    hold: list[str] = []
    norm = _norm(text)
    for term in blocked:
        t = _norm(term)
        if t and re.search(rf"\b{re.escape(t)}\b", norm):
            reject.append(f"contains a blocked term ({term})")
    if norm and any(_norm(r) == norm for r in recent):
        reject.append("the same text was posted a moment ago")
    if said := threat(text):
        reject.append(f"threatens someone (“{said}”)")
    if said := insult(text):
        hold.append(f"insults someone (“{said}”)")
    links = len(LINK.findall(text))
    if links > MAX_LINKS:
        hold.append(f"{links} links (more than {MAX_LINKS})")
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        hold.append("mostly capital letters")
    if reject:
        return Verdict("reject", tuple(reject + hold))
    if hold:
        return Verdict("hold", tuple(hold))
    return Verdict("allow")
