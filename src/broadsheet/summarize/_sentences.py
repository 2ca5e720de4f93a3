"""Sentence splitting that survives abbreviations ("Mr.", "U.S.", "Jan."), decimals and quotes."""

from __future__ import annotations

import re

from broadsheet.summarize._types import Document

# Lower-cased abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "insp",
        "det",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "dept",
        "est",
        "approx",
        "fig",
        "al",
        "ca",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "ave",
        "blvd",
        "rd",
        "p",
        "pp",
        "vol",
        "ed",
        "eds",
        "op",
        "cf",
        "ie",
        "eg",
    ]
)
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(\s+)")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")  # U.S. / e.g. / a.m.


def _ends_with_abbreviation(head: str, rest: str) -> bool:
    word = head.rsplit(None, 1)[-1] if head.split() else ""
    word = word.lstrip(_OPENERS)
    if word.lower() in {"no.", "nos."}:
        return rest[:1].isdigit()  # "No. 5" is a number; "No." is an answer
    if _INITIALISM.search(word):
        return True
    bare = word.rstrip(".").lower()
    return bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())


def _next_starts_sentence(rest: str) -> bool:
    stripped = rest.lstrip(_OPENERS + "—–- ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _split_block(block: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(block):
        head = block[start : match.start(1) + 1]
        rest = block[match.end() :]
        if not _next_starts_sentence(rest):
            continue
        # "U.S. officials" continues; "in the U.S. The next" is ambiguous: keep together
        # unless the abbreviation is an initialism followed by a common sentence opener.
        if (
            match.group(1) == "."
            and not match.group(2)
            and _ends_with_abbreviation(head, rest)
            and not (_INITIALISM.search(head.split()[-1]) and _opener(rest))
        ):
            continue
        sentences.append(block[start : match.end(2)].strip())
        start = match.end()
    tail = block[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


_OPENER_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "This",
        "That",
        "These",
        "Those",
        "But",
        "And",
        "In",
        "On",
        "At",
    ]
)


def _opener(rest: str) -> bool:
    word = rest.lstrip(_OPENERS).split(None, 1)[0] if rest.strip() else ""
    return word in _OPENER_WORDS


def split_sentences(text: str) -> list[str]:
    """Split article text (paragraphs separated by blank lines) into sentences, in order."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text or ""):
        block = " ".join(block.split())
        if block:
            out.extend(_split_block(block))
    return out


def document_sentences(doc: Document) -> list[str]:
    """The body sentences of ``doc``; a sentence's position is its ``sentence_index``."""
    return split_sentences(doc.text)
