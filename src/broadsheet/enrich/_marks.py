"""Find quoted stretches by their marks: "double", 'single', “curly”, ‘curly’, across paragraphs.

British multi-paragraph quotes open every continuing paragraph with a quote mark and close only
the last one; apostrophes inside single-quoted speech (we've, Reeves') are not closing marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_BEFORE = set(' \t\n([{—–-:;/"“')
_CLOSE_AFTER = set(' \t\n.,;:!?)]}—–-…"”')
# a possessive is followed by what is owned, never by one of these
_FUNCTION_WORD = re.compile(
    r"(?:by|in|on|to|and|or|for|from|with|at|as|that|which|but|after|before|despite|"
    r"because|when|while|if|than|of|is|was|were|are|has|had|have|said|says|under|over|"
    r"into|about|against|during|through|among|between|without|since|until|so|yet|then|not)\b"
)
_ELISION = re.compile(r"(?:em|tis|twas|n|cause|til|s|\d0s|\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Marked:
    """One quoted stretch: ``start``/``end`` include the marks; ``inner`` is the quoted words."""

    start: int
    end: int
    inner: str
    closed: bool


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each paragraph: blank-line separated, else one per line."""
    sep = r"\n[ \t]*\n" if re.search(r"\n[ \t]*\n", text) else r"\n"
    spans, pos = [], 0
    for match in re.finditer(sep, text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_opener(text: str, i: int, start: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev not in _OPEN_BEFORE or nxt.isspace():
        return False
    return not (text[i] == "'" and _ELISION.match(text, i + 1) and text[i] != "‘")


def _is_closer(text: str, i: int, end: int) -> bool:
    prev = text[i - 1]
    nxt = text[i + 1] if i + 1 < end else " "
    if prev.isspace():
        return False
    return nxt in _CLOSE_AFTER or not nxt.isalnum()


def _possessive(text: str, i: int, end: int) -> bool:
    """True for ``Reeves' tears``: s + mark + space + lower-case word, with a later closer."""
    if text[i - 1] not in "sS" or not re.match(r" [a-z0-9]", text[i + 1 : i + 3]):
        return False
    if _FUNCTION_WORD.match(text, i + 2):  # "their lives' by backing …": a closing mark
        return False
    return any(text[j] in "'’" and _is_closer(text, j, end) for j in range(i + 2, end))


def _scan(
    text: str, start: int, end: int, opener: int | None
) -> tuple[list[tuple[int, int]], int | None]:
    """Return closed (open, close) pairs in a paragraph and the index of a still-open mark."""
    pairs: list[tuple[int, int]] = []
    kind = None if opener is None else ("d" if text[opener] in '"“' else "s")
    for i in range(start, end):
        c = text[i]
        if kind is None:
            if c in '"“' and (c == "“" or _is_opener(text, i, start)):
                opener, kind = i, "d"
            elif c in "'‘" and _is_opener(text, i, start):
                opener, kind = i, "s"
        elif (kind == "d" and c in '"”' and i > (opener or 0)) or (
            kind == "s"
            and c in "'’"
            and _is_closer(text, i, end)
            and not _possessive(text, i, end)
            and not (text[i - 1].isalpha() and i + 1 < end and text[i + 1].isalpha())
        ):
            pairs.append((opener or 0, i + 1))
            opener = kind = None
    return pairs, opener


def _inner(text: str, start: int, end: int) -> str:
    words = re.sub(r"\n[ \t]*\n?\s*[\"'“‘]", " ", text[start:end])
    return words.replace("\u2063", "").strip().strip("\"'“”‘’").strip()


def find_marked(text: str) -> list[Marked]:
    """Return every quoted stretch in reading order; an unclosed long quote runs to its paragraph end."""
    text = text.replace("''", '"\u2063')  # the old two-apostrophe double quote, same length
    found: list[Marked] = []
    paras = paragraphs(text)
    carry: int | None = None
    for index, (start, end) in enumerate(paras):
        if carry is not None and text[start] not in "\"'“‘":
            found.append(_marked(text, carry, paras[index - 1][1], closed=False))
            carry = None
        scan_from = start + 1 if carry is not None else start
        pairs, opener = _scan(text, scan_from, end, carry)
        found.extend(_marked(text, a, b, closed=True) for a, b in pairs)
        carry = None
        if opener is not None:
            nxt = paras[index + 1][0] if index + 1 < len(paras) else None
            if nxt is not None and text[nxt] in "\"'“‘" and text[nxt] in _same(text[opener]):
                carry = opener
            elif len(text[opener:end].split()) >= 4 or text[opener] in '"“':
                found.append(_marked(text, opener, end, closed=False))
    if carry is not None:
        found.append(_marked(text, carry, paras[-1][1], closed=False))
    return [m for m in found if m.inner]


def _same(mark: str) -> str:
    return '"“”' if mark in '"“' else "'‘’"


def _marked(text: str, start: int, end: int, closed: bool) -> Marked:
    while end > start and text[end - 1].isspace():
        end -= 1
    return Marked(start=start, end=end, inner=_inner(text, start, end), closed=closed)
