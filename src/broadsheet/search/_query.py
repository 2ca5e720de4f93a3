"""Turn what a reader types into terms both full-text engines understand, safely.

Supported: words (all must match, stemmed: "strikes" finds "strike"), "quoted phrases" (exact:
the words as written, in order), and -word / -"phrase" to exclude.
Anything else (operators, brackets, stray quotes) is treated as plain text, so no input can
produce an FTS5 or tsquery syntax error (storage writes the terms in each engine's syntax).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One required or excluded word sequence (one word, or a phrase of several).

    ``exact`` (typed in quotes) matches the words as written; otherwise their stems match.
    """

    words: tuple[str, ...]
    exclude: bool = False
    exact: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """The reader's query as terms; ``empty`` when nothing searchable is left."""

    terms: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        """True when there is no required term (exclusions alone match nothing useful)."""
        return not any(not t.exclude for t in self.terms)

    def highlight_words(self) -> tuple[str, ...]:
        """Return the words a snippet should mark."""
        return tuple(w for t in self.terms if not t.exclude for w in t.words)


def parse(text: str) -> ParsedQuery:
    """Parse a search box string into terms (lower-cased words, at most 12 terms)."""
    terms: list[Term] = []
    for neg_phrase, phrase, neg_word, word in _TOKEN.findall(text or ""):
        raw = phrase if phrase or neg_phrase else word
        words = tuple(w.lower() for w in _WORD.findall(raw))
        if words:
            terms.append(Term(words, exclude=bool(neg_phrase or neg_word), exact=not word))
    return ParsedQuery(tuple(terms[:12]))
