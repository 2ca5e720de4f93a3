"""One entry per quote, in panel order: the decision between finding quotes and showing them.

``find_quotes`` and ``find_indirect`` each see the text their own way, so the same words can
come back twice (reported speech that holds a quoted phrase, a quote the parser cut at an inner
mark) or in pieces (a quote split by "he said"). This module merges them, gives an unattributed
quote the speaker the article credits for the same words elsewhere, and ranks the result:
direct quotes first, strongest first; reported speech last (the panel shows it apart as "said").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ._types import Quote

_QUOTED = ("direct", "partial")
_MAX_SPLIT_GAP = 60
# shorter shared words ("a mess", "change") are too common to say who spoke
_MIN_ECHO_CHARS = 12
# a speaker found by neither a cue nor a signature (a post's opener taking a later cue's
# speaker) gives way to the one the article credits for the same words
_GUESSED = 0.55


def tidy_quotes(
    quotes: Iterable[Quote], text: str = "", people: Sequence[str] = ()
) -> tuple[Quote, ...]:
    """Each quote once, speakers made consistent, strongest direct quotes first.

    ``people`` are the article's canonical person names, used to mend a misspelt surname
    ("Rotherham" after "Steve Rotheram").
    """
    found = sorted(quotes, key=lambda q: (q.start, q.kind))
    found = [_canonical_speaker(q, people) for q in found]
    found = _drop_nested_indirect(found)
    found = _fold_partials(found, text)
    found = _merge_overlapping(found)
    found = _join_split(found, text)
    found = _echo_speakers(found)
    return tuple(sorted(found, key=_rank))


def _overlaps(a: Quote, b: Quote) -> bool:
    return a.start < b.end and b.start < a.end


def _drop_nested_indirect(quotes: list[Quote]) -> list[Quote]:
    """Reported speech inside other reported speech is the same report, listed once."""
    indirect = [q for q in quotes if q.kind == "indirect"]

    def nested(q: Quote) -> bool:
        return any(
            o.start <= q.start and q.end <= o.end and (o.start, o.end) != (q.start, q.end)
            for o in indirect
        )

    kept = {(q.start, q.end): q for q in indirect if not nested(q)}
    rest = [q for q in quotes if q.kind != "indirect"]
    return sorted(rest + list(kept.values()), key=lambda q: (q.start, q.kind))


def _fold_partials(quotes: list[Quote], text: str) -> list[Quote]:
    """Reported speech and the quoted phrases in it (or cut at one) are one entry: mostly
    quoted words make it a partial quote, mostly reported words keep it reported speech with
    the phrase inside. Reported speech overlapping a full direct quote is that quote."""
    direct = [q for q in quotes if q.kind == "direct"]
    partial = [q for q in quotes if q.kind == "partial"]
    used: set[int] = set()
    out = list(direct)
    for q in quotes:
        if q.kind != "indirect" or any(_overlaps(q, d) for d in direct):
            continue
        inside = [p for p in partial if _overlaps(q, p)]
        if not inside:
            out.append(q)
            continue
        used.update(id(p) for p in inside)
        start = min([q.start] + [p.start for p in inside])
        end = max([q.end] + [p.end for p in inside])
        share = sum(p.end - p.start for p in inside) / max(1, end - start)
        lead = q if q.speaker else next((p for p in inside if p.speaker), q)
        out.append(
            replace(
                q,
                kind="partial" if share >= 0.5 else "indirect",
                text=_clean(text[start:end]) if text else q.text,
                start=start,
                end=end,
                speaker=lead.speaker,
                confidence=lead.confidence,
                speaker_start=lead.speaker_start,
                speaker_end=lead.speaker_end,
            )
        )
    out += [p for p in partial if id(p) not in used]
    return sorted(out, key=lambda q: (q.start, q.kind))


def _clean(span: str) -> str:
    """The words of a span, spaces collapsed and a half-open mark at either end dropped."""
    words = " ".join(span.split())
    for marks in ('"“”', "'‘’"):
        if sum(words.count(m) for m in marks) % 2:
            if words[:1] in marks:
                words = words[1:]
            elif words[-1:] in marks:
                words = words[:-1]
    return words.strip()


def _merge_overlapping(quotes: list[Quote]) -> list[Quote]:
    """Quoted spans that overlap are one quote: the longer one, with the surer speaker."""
    out: list[Quote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if (
            prev is None
            or q.kind == "indirect"
            or prev.kind == "indirect"
            or not _overlaps(prev, q)
        ):
            out.append(q)
            continue
        longer, shorter = (prev, q) if prev.end - prev.start >= q.end - q.start else (q, prev)
        speaker = longer if longer.speaker else shorter
        out[-1] = replace(
            longer,
            start=min(prev.start, q.start),
            end=max(prev.end, q.end),
            speaker=speaker.speaker,
            confidence=max(prev.confidence, q.confidence) if speaker.speaker else 0.0,
            speaker_start=speaker.speaker_start,
            speaker_end=speaker.speaker_end,
        )
    return out


def _join_split(quotes: list[Quote], text: str) -> list[Quote]:
    """'"…in November," he said. "But our members…"': two halves of one direct quote by one
    speaker, with only the attribution between them, are one quote."""
    out: list[Quote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == q.kind == "direct"
            and prev.speaker
            and prev.speaker == q.speaker
            and prev.in_embed == q.in_embed
            and prev.text.rstrip().endswith(",")
            and 0 <= q.start - prev.end <= _MAX_SPLIT_GAP
            and "\n" not in text[prev.end : q.start]
            and q.speaker_start >= prev.end - 1
            and q.speaker_start <= q.start
        ):
            head = prev.text.rstrip()[:-1] + "."
            out[-1] = replace(prev, text=f"{head} {q.text}", end=q.end)
            continue
        out.append(q)
    return out


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _echo_speakers(quotes: list[Quote]) -> list[Quote]:
    """An unattributed (or only guessed) quote whose words the article credits to someone elsewhere (a pull quote
    repeated in the body, a phrase quoted again with "she said") takes that speaker."""
    credited = [q for q in quotes if q.speaker]
    out = []
    for q in quotes:
        if (q.speaker and q.confidence > _GUESSED) or q.kind not in _QUOTED:
            out.append(q)
            continue
        mine = _words(q.text)
        matches = [
            c
            for c in credited
            if c is not q
            and len(_words(c.text)) >= _MIN_ECHO_CHARS
            and len(mine) >= _MIN_ECHO_CHARS
            and (f" {_words(c.text)} " in f" {mine} " or f" {mine} " in f" {_words(c.text)} ")
        ]
        if not matches:
            out.append(q)
            continue
        pick = min(matches, key=lambda c: abs(c.start - q.start))
        out.append(
            replace(
                q,
                speaker=pick.speaker,
                confidence=min(0.6, pick.confidence),
                speaker_start=pick.speaker_start,
                speaker_end=pick.speaker_end,
            )
        )
    return out


def _near(a: str, b: str) -> bool:
    """Equal, or one letter added, dropped or changed (a misspelt surname)."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _canonical_speaker(quote: Quote, people: Sequence[str]) -> Quote:
    """A one-word speaker that is a known person's surname, or one letter off it, is that person."""
    name = quote.speaker
    if not name or " " in name:
        return quote
    fits = [p for p in people if " " in p and _near(p.split()[-1].lower(), name.lower())]
    return replace(quote, speaker=fits[0]) if len(fits) == 1 else quote


def _rank(quote: Quote) -> tuple[int, float, int]:
    """Quotes before reported speech (which keeps reading order); a named speaker, a sure attribution and a
    full sentence or two count for more than a fragment; ties keep reading order."""
    words = len(quote.text.split())
    strength = (
        (1.0 if quote.kind == "direct" else 0.4)
        + (1.0 if quote.speaker else 0.0)
        + quote.confidence
        + min(words, 30) / 30
    )
    if quote.kind == "indirect":
        return (True, 0.0, quote.start)
    return (False, -round(strength, 3), quote.start)
