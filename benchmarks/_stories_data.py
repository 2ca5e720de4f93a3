"""Load the labelled story sets from ../shared/fixtures/stories as uniform records (eval helper)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
STORIES = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures" / "stories"
CORPORA = ("basil", "ecbplus", "allsides")
FILES = {
    "basil": "basil_triplets.jsonl",
    "ecbplus": "ecbplus_docs.jsonl",
    "allsides": "allsides_neus_articles.jsonl",
}
ECB_DATE = "2021-06-01T12:00:00+00:00"  # ECB+ has no dates: every document at one instant


def _when(value: str | None) -> datetime:
    raw = value or ECB_DATE
    when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def load(corpus: str) -> list[dict[str, Any]]:
    """Return records {id, label, url, source, title, text, published (aware datetime)} in file order."""
    out = []
    with open(STORIES / FILES[corpus], encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = r["text"]
            if corpus == "ecbplus":
                text = "\n\n".join(s for s in text.split("\n") if s.strip())
            title = r.get("title") or text.split("\n\n", 1)[0][:200]
            url = r.get("url") or f"https://ecbplus.example/{r['id']}"
            out.append(
                {
                    "id": f"{corpus}:{r['id']}",
                    "label": r["story_id"],
                    "url": url,
                    "source": r.get("source") or "",
                    "title": title,
                    "text": text,
                    "published": _when(r.get("published")),
                }
            )
    return out


def mixed(corpora: tuple[str, ...] = CORPORA) -> list[dict[str, Any]]:
    """Return every corpus shifted to start on the same day, so their stories overlap in time."""
    anchor = datetime(2021, 6, 1, tzinfo=UTC)
    out = []
    for corpus in corpora:
        rows = load(corpus)
        start = min(r["published"] for r in rows)
        for r in rows:
            out.append(r | {"published": anchor + (r["published"] - start)})
    return out


def in_time_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the records sorted by publication time (ties keep file order)."""
    return sorted(rows, key=lambda r: r["published"])


def bcubed(predicted: dict[str, Any], gold: dict[str, str]) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 of a clustering against gold labels."""
    by_pred: dict[Any, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item, label in gold.items():
        by_pred.setdefault(predicted[item], set()).add(item)
        by_gold.setdefault(label, set()).add(item)
    p = r = 0.0
    for item, label in gold.items():
        cluster, truth = by_pred[predicted[item]], by_gold[label]
        both = len(cluster & truth)
        p += both / len(cluster)
        r += both / len(truth)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


DENSE_WINDOW_HOURS = 72.0  # one busy news week's worth of events squeezed into three days
DENSE_EVENTS = 48  # events per window (the held-back stream has 40)
DENSE_GAP_DAYS = 30.0  # windows far apart, beyond any story window: each is its own busy week


def dense(
    corpora: tuple[str, ...] = ("basil", "allsides"),
    per_window: int = DENSE_EVENTS,
    seed: int = 15,
) -> list[dict[str, Any]]:
    """Return the dated corpora's events shuffled into groups of ``per_window`` or more, each group
    moved into its own 3-day window (every event starts at a seeded random hour of it, and
    the offsets between an event's own articles are kept)."""
    import random

    events: dict[str, list[dict[str, Any]]] = {}
    for corpus in corpora:
        for r in load(corpus):
            events.setdefault(r["label"], []).append(r)
    labels = sorted(events)
    rng = random.Random(seed)
    rng.shuffle(labels)
    anchor = datetime(2021, 6, 1, tzinfo=UTC)
    groups = max(1, len(labels) // per_window)  # every window holds at least per_window events
    out = []
    for n in range(groups):
        window = anchor + timedelta(days=n * DENSE_GAP_DAYS)
        for label in labels[n::groups]:
            rows = events[label]
            first = min(r["published"] for r in rows)
            span = (max(r["published"] for r in rows) - first).total_seconds() / 3600
            at = window + timedelta(hours=rng.uniform(0.0, max(0.0, DENSE_WINDOW_HOURS - span)))
            out.extend(r | {"published": at + (r["published"] - first)} for r in rows)
    return out
