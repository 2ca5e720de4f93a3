"""Fields the stories concern adds to ``broadsheet export``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import Membership, RelatedLink, Signature, Story

__all__ = ["fields"]


def fields(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Return canonical_url, duplicate_of, syndicated_from, story_id and related for each article."""
    ids = list(ids)
    out: dict[int, dict[str, Any]] = {
        i: {"canonical_url": None, "duplicate_of": None, "syndicated_from": None,
            "story_id": None, "related": []} for i in ids}
    for aid, url, dup, syn in Signature.objects.filter(article_id__in=ids).values_list(
            "article_id", "canonical_url", "duplicate_of_id", "syndicated_from_id"):
        out[aid].update(canonical_url=url, duplicate_of=dup, syndicated_from=syn)
    redirects = dict(Story.objects.filter(redirect_to__isnull=False).values_list("id", "redirect_to_id"))
    members = dict(Membership.objects.filter(article_id__in=ids).values_list("article_id", "story_id"))
    for aid, sid in members.items():
        seen = set()
        while sid in redirects and sid not in seen:
            seen.add(sid)
            sid = redirects[sid]
        out[aid]["story_id"] = sid
    links = list(RelatedLink.objects.filter(article_id__in=ids).order_by("article_id", "-score")
                 .values_list("article_id", "other_id", "score", "reason"))
    urls = dict(Article.objects.filter(id__in={link[1] for link in links}).values_list("id", "url"))
    for aid, other, score, reason in links:
        if len(out[aid]["related"]) < 10 and members.get(other) != members.get(aid):
            out[aid]["related"].append({"url": urls.get(other), "score": score, "reason": reason})
    return out
