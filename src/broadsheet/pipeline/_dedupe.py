"""Pipeline step: one article once — canonical URL, exact copies, near (syndicated) copies.

For each article: the canonical URL (declared by its stored page, else normalised from its URL),
a fingerprint of its normalised text and a MinHash of its word 3-shingles are stored. Articles
with the same text or canonical URL point at the earliest copy (``duplicate_of``); articles whose
estimated Jaccard with an earlier one reaches ``NEAR_DUPLICATE`` point at the earliest of their
copy group (``syndicated_from``, "first reported by"). Nothing is deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.dedupe import (
    NEAR_DUPLICATE,
    bands,
    canonical_url,
    pack,
    page_canonical_url,
    signature,
    similarity,
    text_fingerprint,
    unpack,
)
from broadsheet.storage import articles
from broadsheet.storage.stories import copies

log = logging.getLogger(__name__)


@dataclass
class DedupeReport:
    """How many articles were looked at and how many turned out to be copies."""

    articles: int = 0
    exact: int = 0
    near: int = 0


def _when(p: object) -> float:
    return p.timestamp() if p is not None else float("inf")  # type: ignore[attr-defined]


def _canonical(item: copies.DedupeInput) -> str:
    if item.has_page:
        page = articles.raw_html(item.id)
        declared = page_canonical_url(page, item.url) if page else ""
        if declared:
            return declared
    return canonical_url(item.url)


def _near(item: copies.DedupeInput, sig: tuple[int, ...], keys: tuple[int, ...]) -> bool:
    matches = []
    for cand in copies.near_candidates(item.id, keys):
        score = similarity(sig, unpack(cand.minhash))
        if score >= NEAR_DUPLICATE:
            matches.append((score, cand))
    if not matches:
        copies.set_syndicated(item.id, None)
        return False
    mine = (_when(item.published_at), item.id)
    score = max(m[0] for m in matches)
    earliest = min(matches, key=lambda m: (_when(m[1].published_at), m[1].id))[1]
    root = earliest.root if earliest.root != item.id else earliest.id
    if (_when(earliest.published_at), earliest.id) < mine:
        copies.set_syndicated(item.id, root, score)
    else:  # this article is the earliest copy: the group now starts here
        copies.set_syndicated(item.id, None)
        for _, cand in matches:
            copies.retarget_syndicated(cand.root, item.id)
    return True


def run(article_ids: Sequence[int]) -> DedupeReport:
    """Store signatures and link exact and near copies of the given articles (idempotent)."""
    report = DedupeReport()
    for item in copies.dedupe_inputs(list(article_ids)):
        report.articles += 1
        sig = signature(item.text) if item.text.strip() else ()
        keys = bands(sig)
        copies.save_signature(
            item.id,
            _canonical(item),
            text_fingerprint(item.text),
            pack(sig),
            keys,
            item.published_at,
        )
        first = copies.group_exact(item.id)
        if first is not None and first != item.id:
            report.exact += 1
            continue
        if sig and _near(item, sig, keys):
            report.near += 1
    log.info(
        "dedupe done",
        extra={"articles": report.articles, "exact": report.exact, "near": report.near},
    )
    return report
