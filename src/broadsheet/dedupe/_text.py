"""Text normalisation and fingerprints for exact duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Return the text reduced to what makes two copies "the same": NFKC, case, quotes, spacing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(_WORD.findall(text))


def text_fingerprint(text: str) -> str:
    """Return a SHA-256 hex digest of the normalised text ('' for text with no words)."""
    norm = normalise_text(text)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest() if norm else ""
