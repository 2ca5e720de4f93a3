"""Fields the intel concern adds to `broadsheet export`: entities, hashtags and quotes.

The API's article endpoint serves these for one article per request, so they are read with
hand-written SQL, one query per table: building an ORM query costs ~20 times running it here.
Plain joins and quoted names, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection

from .models import ArticleEntity, ArticleTag, EmbedLink, Entity, Quote

__all__ = ["fields"]


@cache
def _queries() -> tuple[str, str, str, str]:
    """Entities, tags, quotes and embeds of the articles in ``{ids}``, each in its export order."""
    q = connection.ops.quote_name
    ae, e, tag, quote, embed = (
        q(m._meta.db_table) for m in (ArticleEntity, Entity, ArticleTag, Quote, EmbedLink)
    )
    where = "WHERE x.article_id IN ({ids})"  # filled in by fields()
    return (
        f"SELECT x.article_id, e.name, e.kind, x.display, x.{q('count')} FROM {ae} x "
        f"JOIN {e} e ON e.id = x.entity_id {where} "
        f"ORDER BY x.article_id, x.{q('count')} DESC, x.id",
        f"SELECT x.article_id, x.tag, x.source FROM {tag} x {where} "
        "ORDER BY x.article_id, x.position, x.id",
        f"SELECT x.article_id, x.text, x.speaker, x.kind, x.confidence, x.sentence_index "
        f"FROM {quote} x {where} ORDER BY x.article_id, x.position",
        f"SELECT x.article_id, x.handle, x.author, x.published, e.name FROM {embed} x "
        f"LEFT JOIN {e} e ON e.id = x.entity_id {where} "
        f"ORDER BY x.article_id, x.{q('index')}",
    )


def _hashtags(rows: list[tuple[str, str]]) -> list[str]:
    """Visible tags in order, once each (any case); a 'hidden' row hides its tag."""
    hidden = {tag.lower() for tag, source in rows if source == "hidden"}
    out, seen = [], set()
    for tag, source in rows:
        if source != "hidden" and tag.lower() not in hidden and tag.lower() not in seen:
            seen.add(tag.lower())
            out.append(f"#{tag}")
    return out


def fields(article_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Return {article id: {"entities", "hashtags", "quotes", "embed_authors"}} for the given
    (stored) articles, in four queries whatever their number."""
    ids = list(article_ids)
    out: dict[int, dict[str, Any]] = {
        i: {"entities": [], "hashtags": [], "quotes": [], "embed_authors": []} for i in ids
    }
    if not ids:
        return out
    marks = ", ".join(["%s"] * len(ids))
    entities, tags, quotes, embeds = (sql.format(ids=marks) for sql in _queries())
    with connection.cursor() as cursor:
        cursor.execute(entities, ids)
        for aid, name, kind, display, count in cursor.fetchall():
            out[aid]["entities"].append(
                {"name": name, "kind": kind, "display": display, "count": count}
            )
        cursor.execute(tags, ids)
        by_article: dict[int, list[tuple[str, str]]] = {}
        for aid, tag, source in cursor.fetchall():
            by_article.setdefault(aid, []).append((tag, source))
        for aid, rows in by_article.items():
            out[aid]["hashtags"] = _hashtags(rows)
        cursor.execute(quotes, ids)
        for aid, text, speaker, kind, confidence, index in cursor.fetchall():
            out[aid]["quotes"].append(
                {
                    "text": text,
                    "speaker": speaker or None,
                    "kind": kind,
                    "confidence": round(confidence, 3),
                    "sentence_index": index,
                }
            )
        cursor.execute(embeds, ids)
        for aid, handle, author, published, entity in cursor.fetchall():
            out[aid]["embed_authors"].append(
                {"handle": handle, "author": author, "published": published, "entity": entity}
            )
    return out
