"""Replacing every story assignment at once (``broadsheet recluster``), keeping story IDs stable."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from broadsheet.storage.stories.assign import (
    PlacementRow,
    bump_generation,
    new_story,
    refresh_stories,
    save_related,
)
from broadsheet.storage.stories.models import Membership, RelatedLink, Story

__all__ = ["replace_all"]


def _map_ids(rows: Sequence[PlacementRow], old: dict[int, int]) -> dict[int, int]:
    """Give each new cluster the old story ID it overlaps most (each old ID used once)."""
    clusters: dict[int, list[int]] = {}
    for r in rows:
        clusters.setdefault(r.story_id, []).append(r.article_id)
    mapping = {sid: sid for sid in clusters if sid > 0}  # pinned stories keep their IDs
    used = set(mapping.values())
    pairs = []
    for sid, members in clusters.items():
        if sid > 0:
            continue
        for old_id, n in Counter(old[a] for a in members if a in old).items():
            pairs.append((n, -old_id, sid, old_id))
    for _n, _, sid, old_id in sorted(pairs, reverse=True):
        if sid not in mapping and old_id not in used:
            mapping[sid] = old_id
            used.add(old_id)
    for sid in clusters:
        if sid not in mapping:
            mapping[sid] = new_story()
    return mapping


_TEMP = re.compile(r"story (-\d+)")


def _renamed(expl: dict[str, Any], mapping: dict[int, int]) -> dict[str, Any]:
    """Replace temporary story IDs in an explanation by the final ones."""
    split = expl.get("split")
    if isinstance(split, dict):

        def named(m: re.Match[str]) -> str:
            sid = mapping.get(int(m.group(1)))
            return f"story {sid}" if sid is not None else "a story since merged"

        split = split | {
            k: mapping.get(split[k], split[k])
            for k in ("story_id", "new_story_id")
            if isinstance(split.get(k), int)
        }
        split["text"] = _TEMP.sub(named, str(split.get("text", "")))
        expl = expl | {"split": split, "text": _TEMP.sub(named, str(expl.get("text", "")))}
    cand = expl.get("candidate")
    if isinstance(cand, int) and cand < 0:
        final = mapping.get(cand)
        text = str(expl.get("text", ""))
        if final is None:
            return expl | {
                "candidate": None,
                "text": text.replace(f"story {cand}", "a story since merged"),
            }
        return expl | {"candidate": final, "text": text.replace(f"story {cand}", f"story {final}")}
    return expl


def replace_all(rows: Sequence[PlacementRow]) -> None:
    """Store a complete clustering (temporary negative IDs allowed) and redirect vanished stories."""
    old = dict(Membership.objects.values_list("article_id", "story_id"))
    mapping = _map_ids(rows, old)
    final = [
        r.__class__(
            **{
                **r.__dict__,
                "story_id": mapping[r.story_id],
                "explanation": _renamed(r.explanation, mapping),
            }
        )
        for r in rows
    ]
    new_of = {r.article_id: r.story_id for r in final}
    with transaction.atomic():
        Membership.objects.all().delete()
        RelatedLink.objects.all().delete()
        Story.objects.filter(id__in=set(new_of.values())).update(redirect_to=None)
        Membership.objects.bulk_create(
            [
                Membership(
                    article_id=r.article_id,
                    story_id=r.story_id,
                    score=r.score,
                    method=r.method,
                    explanation=r.explanation,
                    features=r.features,
                    published_at=r.published_at,
                )
                for r in final
            ],
            batch_size=500,
        )
        save_related(final)
        live = set(new_of.values())
        gone: dict[int, Counter[int]] = {}
        for article_id, story_id in old.items():
            if story_id not in live and article_id in new_of:
                gone.setdefault(story_id, Counter())[new_of[article_id]] += 1
        for story_id, where in gone.items():
            Story.objects.filter(id=story_id).update(
                redirect_to_id=where.most_common(1)[0][0], size=0
            )
    refresh_stories(set(new_of.values()) | set(gone))
    bump_generation()
