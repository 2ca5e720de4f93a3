"""Recognising one article under many URLs and copies: canonical URLs, fingerprints, MinHash/LSH;
and one publisher under many feeds: outlet keys and names.

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
from broadsheet.dedupe._outlets import (
    Publisher,
    automatic_name,
    outlet_name,
    page_site_name,
    publisher,
    publisher_key,
)
from broadsheet.dedupe._text import normalise_text, text_fingerprint
from broadsheet.dedupe._urls import canonical_url, page_canonical_url

__all__ = [
    "BANDS",
    "NEAR_DUPLICATE",
    "PERMUTATIONS",
    "Publisher",
    "automatic_name",
    "bands",
    "canonical_url",
    "normalise_text",
    "outlet_name",
    "pack",
    "page_canonical_url",
    "page_site_name",
    "publisher",
    "publisher_key",
    "shingles",
    "signature",
    "similarity",
    "text_fingerprint",
    "unpack",
]
