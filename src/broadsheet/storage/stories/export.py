"""Fields the stories concern adds to ``broadsheet export``.

The API's article endpoint serves these for one article per request, so they are read with
hand-written SQL (building an ORM query costs ~20 times running it here): one query for the
signature and story of every article, one for the related links. Plain joins and quoted names,
the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection

from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import Membership, RelatedLink, Signature, Story

__all__ = ["fields"]


@cache
def _queries() -> tuple[str, str]:
    """Signature and story (with its redirect) of the articles in ``{ids}``; their related links."""
    q = connection.ops.quote_name
    a, g, m, st, r = (
        q(model._meta.db_table) for model in (Article, Signature, Membership, Story, RelatedLink)
    )
    return (
        "SELECT a.id, g.canonical_url, g.duplicate_of_id, g.syndicated_from_id, m.story_id, "
        f"st.redirect_to_id FROM {a} a LEFT JOIN {g} g ON g.article_id = a.id "
        f"LEFT JOIN {m} m ON m.article_id = a.id LEFT JOIN {st} st ON st.id = m.story_id "
        "WHERE a.id IN ({ids})",
        f"SELECT r.article_id, r.other_id, r.score, r.reason, o.url FROM {r} r "
        f"JOIN {a} o ON o.id = r.other_id WHERE r.article_id IN ({{ids}}) "
        "ORDER BY r.article_id, r.score DESC",
    )


def _redirects(first: dict[int, int]) -> dict[int, int]:
    """Follow merged stories' redirects from ``first`` (story -> its redirect), one query per hop."""
    redirects = dict(first)
    pending = set(first.values()) - redirects.keys()
    while pending:
        found = dict(
            Story.objects.filter(id__in=pending, redirect_to__isnull=False).values_list(
                "id", "redirect_to_id"
            )
        )
        redirects.update(found)
        pending = set(found.values()) - redirects.keys()
    return redirects


def fields(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Return canonical_url, duplicate_of, syndicated_from, story_id and related for each article."""
    ids = list(ids)
    out: dict[int, dict[str, Any]] = {
        i: {
            "canonical_url": None,
            "duplicate_of": None,
            "syndicated_from": None,
            "story_id": None,
            "related": [],
        }
        for i in ids
    }
    if not ids:
        return out
    stories, related = (sql.format(ids=", ".join(["%s"] * len(ids))) for sql in _queries())
    members: dict[int, int] = {}
    first: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(stories, ids)
        for aid, url, dup, syn, sid, redirect in cursor.fetchall():
            out[aid].update(canonical_url=url, duplicate_of=dup, syndicated_from=syn)
            if sid is not None:
                members[aid] = sid
                if redirect is not None:
                    first[sid] = redirect
        cursor.execute(related, ids)
        links = cursor.fetchall()
    redirects = _redirects(first) if first else {}
    for aid, sid in members.items():
        seen = set()
        while sid in redirects and sid not in seen:
            seen.add(sid)
            sid = redirects[sid]
        out[aid]["story_id"] = sid
    for aid, other, score, reason, url in links:
        if len(out[aid]["related"]) < 10 and members.get(other) != members.get(aid):
            out[aid]["related"].append({"url": url, "score": score, "reason": reason})
    return out
