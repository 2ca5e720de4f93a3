"""Pure duplicate detection: canonical URLs, declared canonical links, fingerprints, MinHash."""

from __future__ import annotations

import json
import random

import pytest

from broadsheet.dedupe import (
    NEAR_DUPLICATE,
    bands,
    canonical_url,
    page_canonical_url,
    signature,
    similarity,
    text_fingerprint,
)
from tests.support.shared import FIXTURES, require


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        (
            "https://www.bbc.co.uk/news/uk-politics-1?utm_source=twitter&utm_medium=social",
            "https://bbc.co.uk/news/uk-politics-1",
        ),
        ("http://bbc.co.uk/news/uk-politics-1/", "https://bbc.co.uk/news/uk-politics-1"),
        (
            "https://www.bbc.co.uk/news/uk-politics-1#comments",
            "https://bbc.co.uk/news/uk-politics-1",
        ),
        (
            "https://amp.theguardian.com/politics/2025/jul/04/x",
            "https://theguardian.com/politics/2025/jul/04/x",
        ),
        ("https://www.example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://www.example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://m.example.com/a?b=2&a=1&fbclid=x&gclid=y", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?amp=1&page=2", "https://example.com/a?page=2"),
        ("HTTPS://Example.COM:443/a", "https://example.com/a"),
    ],
)
def test_variants_of_one_url_map_to_one_canonical_url(variant: str, canonical: str) -> None:
    assert canonical_url(variant) == canonical
    assert canonical_url(canonical_url(variant)) == canonical_url(variant)  # idempotent


def test_different_pages_keep_different_urls() -> None:
    assert canonical_url("https://example.com/a?id=1") != canonical_url(
        "https://example.com/a?id=2"
    )
    assert canonical_url("https://example.com/a") != canonical_url("https://example.org/a")


def test_declared_canonical_wins_and_resolves_relative_links() -> None:
    page = (
        b'<html><head><meta property="og:url" content="https://news.example/x/">'
        b'<link rel="canonical" href="/story/1?utm_campaign=rss"></head><body></body></html>'
    )
    assert (
        page_canonical_url(page, "https://news.example/amp/story/1")
        == "https://news.example/story/1"
    )
    og_only = '<head><meta property="og:url" content="https://news.example/y/"></head>'
    assert page_canonical_url(og_only, "https://news.example/z") == "https://news.example/y"
    assert page_canonical_url(b"<html><head></head></html>", "https://a.example/") == ""


def test_fingerprint_ignores_case_spacing_and_typographic_quotes() -> None:
    a = "He said: \u2018It\u2019s over.\u2019\n\nThe end."
    b = "he said:   'it's over.'  the END"
    assert text_fingerprint(a) == text_fingerprint(b)
    assert text_fingerprint(a) != text_fingerprint(a + " More.")
    assert text_fingerprint("  ") == ""


def _basil() -> list[dict[str, str]]:
    with open(require(FIXTURES / "stories" / "basil_triplets.jsonl"), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_minhash_separates_copies_from_other_coverage_of_the_same_event() -> None:
    rows = _basil()
    rng = random.Random(4)
    for a, b in zip(rows[0:30:3], rows[1:30:3], strict=True):  # two outlets, one event
        paras = a["text"].split("\n\n")
        shuffled = paras[:]
        rng.shuffle(shuffled)
        copy = "\n\n".join([*shuffled, "Copyright 2019 The Associated Press. All rights reserved."])
        sa, sc, sb = signature(a["text"]), signature(copy), signature(b["text"])
        assert similarity(sa, sc) >= NEAR_DUPLICATE
        assert similarity(sa, sb) < NEAR_DUPLICATE
        assert set(bands(sa)) & set(bands(sc))
