"""Recognising one article under many URLs and copies: canonical URLs, fingerprints, MinHash/LSH.

Pure functions over strings; the pipeline step ``broadsheet.pipeline._dedupe`` stores results.
"""

from broadsheet.dedupe._minhash import (
    BANDS,
    NEAR_DUPLICATE,
    PERMUTATIONS,
    bands,
    pack,
    shingles,
    signature,
    similarity,
    unpack,
)
from broadsheet.dedupe._text import normalise_text, text_fingerprint
from broadsheet.dedupe._urls import canonical_url, page_canonical_url

__all__ = [
    "BANDS",
    "NEAR_DUPLICATE",
    "PERMUTATIONS",
    "bands",
    "canonical_url",
    "normalise_text",
    "pack",
    "page_canonical_url",
    "shingles",
    "signature",
    "similarity",
    "text_fingerprint",
    "unpack",
]
