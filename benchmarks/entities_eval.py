"""Score entity types and canonical names against the ECB+ gold entity mentions.

Data (read from ../shared, nothing copied): fixtures/stories/ecbplus_docs.jsonl (texts) and
fixtures/stories/ecbplus_mentions.jsonl.gz (gold mentions with types and in-document
coreference chains). The labelled set is every ECB+ entity mention that is a proper name
(each content word capitalised), typed HUMAN_PART_PER -> person, HUMAN_PART_ORG -> org,
LOC_GEO -> place, LOC_FAC -> place or org (a facility is both: "Promises Treatment Center").
Documents: those whose position in id order is a multiple of --every (default 4). None of
these documents was looked at while the entity rules were written (they were written on the
starter corpus), so the whole set is held out.

Matching: a gold name is FOUND when an entity of the article has it as its name or one of
its aliases (compared without case, spaces and punctuation).
  type precision = found names whose entity has the gold type / found names
  type recall    = gold names found with the gold type / gold names
  canonical recall    = pairs of different gold names in one gold chain ("Tara Reid",
                        "Reid") that map to one entity / such pairs with both names found
  canonical precision = pairs of found gold names that map to one entity and are in one gold
                        chain / pairs of found gold names that map to one entity

Usage:
  python benchmarks/entities_eval.py [--every N] [--json out.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import time
from collections import defaultdict
from itertools import combinations
from multiprocessing import Pool
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
STORIES = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures" / "stories"
KINDS = {
    "HUMAN_PART_PER": {"person"},
    "HUMAN_PART_ORG": {"org"},
    "LOC_GEO": {"place"},
    "LOC_FAC": {"place", "org"},
}
_SMALL = {"of", "the", "and", "for", "de", "la", "van", "von", "al", "bin", "&", "in", "on"}


def norm(name: str) -> str:
    """A name compared without case, spaces, punctuation or a possessive ending."""
    name = re.sub(r"\s*['’]\s*s$", "", name.strip())
    return re.sub(r"[^\w]", "", name.lower())


def proper(text: str) -> bool:
    """Whether a gold mention is a proper name: every content word starts with a capital."""
    words = [w for w in text.split() if w.isalpha() or w[:1].isalpha()]
    if not words or (words[0].lower() in ("the", "a", "an") and len(words) == 1):
        return False
    content = [w for w in words if w.lower() not in _SMALL]
    return bool(content) and all(w[:1].isupper() for w in content)


def gold_names(mentions: list[dict[str, Any]]) -> dict[str, tuple[set[str], str]]:
    """Gold proper names of one document: normalised name -> (accepted kinds, chain id)."""
    out: dict[str, tuple[set[str], str]] = {}
    for m in mentions:
        kinds = KINDS.get(m["type"])
        text = re.sub(r"^(?:the|The)\s+", "", m["text"])
        if kinds is None or m.get("kind") != "entity" or not proper(text):
            continue
        chain = m.get("intra_doc_chain") or m.get("cross_doc_chain") or f"m{m['m_id']}"
        out.setdefault(norm(text), (kinds, str(chain)))
    return out


def score_doc(item: tuple[dict[str, Any], list[dict[str, Any]]]) -> dict[str, float]:
    """Counts for one document."""
    from broadsheet.enrich import enrich_article

    doc, mentions = item
    gold = gold_names(mentions)
    s: dict[str, float] = defaultdict(float)
    if not gold:
        return s
    result = enrich_article(doc.get("title") or "", doc["text"], [])
    owner: dict[str, tuple[str, str]] = {}
    for entity in result.entities:
        for form in (entity.name, *entity.aliases):
            owner.setdefault(norm(form), (entity.name, entity.kind))
    found: dict[str, str] = {}
    for name, (kinds, _chain) in gold.items():
        s["gold"] += 1
        hit = owner.get(name)
        if hit is None:
            continue
        found[name] = hit[0]
        s["found"] += 1
        s["typed_ok"] += hit[1] in kinds
    for a, b in combinations(sorted(found), 2):
        same_entity = found[a] == found[b]
        same_chain = gold[a][1] == gold[b][1]
        s["merged"] += same_entity
        s["merged_ok"] += same_entity and same_chain
        s["chain_pairs"] += same_chain
        s["chain_pairs_ok"] += same_chain and same_entity
    return s


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def scores(s: dict[str, float]) -> dict[str, float]:
    """Turn counts into the reported metrics."""
    return {
        "type_precision": _ratio(s["typed_ok"], s["found"]),
        "type_recall": _ratio(s["typed_ok"], s["gold"]),
        "found_recall": _ratio(s["found"], s["gold"]),
        "canonical_precision": _ratio(s["merged_ok"], s["merged"]),
        "canonical_recall": _ratio(s["chain_pairs_ok"], s["chain_pairs"]),
        "gold_names": s["gold"],
        "chain_pairs": s["chain_pairs"],
    }


def load(every: int) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The selected ECB+ documents with their gold mentions."""
    docs = {}
    for line in (STORIES / "ecbplus_docs.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        docs[row["id"]] = row
    picked = {d for n, d in enumerate(sorted(docs)) if n % every == 0}
    items = []
    with gzip.open(STORIES / "ecbplus_mentions.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in picked:
                items.append((docs[row["id"]], row["mentions"]))
    return items


def main(argv: list[str] | None = None) -> int:
    """Print entity type and canonical-name precision and recall."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--every", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.every < 1:
        parser.error("--every must be 1 or more")
    if not (STORIES / "ecbplus_docs.jsonl").exists():
        parser.error(f"ECB+ fixtures not found under {STORIES} (set SHARED_DIR)")
    started = time.perf_counter()
    items = load(args.every)
    total: dict[str, float] = defaultdict(float)
    with Pool(max(1, min(2, os.cpu_count() or 1))) as pool:
        for counts in pool.imap_unordered(score_doc, items, chunksize=4):
            for key, value in counts.items():
                total[key] += value
    result = scores(total)
    result["documents"] = len(items)
    elapsed = time.perf_counter() - started
    result["articles_per_second"] = round(len(items) / elapsed, 2)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
