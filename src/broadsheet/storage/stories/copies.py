"""Writes and look-ups for duplicate detection: signatures, exact copies, syndicated copies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import Band, Signature

__all__ = [
    "DedupeInput",
    "NearCandidate",
    "dedupe_inputs",
    "group_exact",
    "near_candidates",
    "retarget_syndicated",
    "save_signature",
    "set_syndicated",
]


@dataclass(frozen=True)
class DedupeInput:
    """What duplicate detection needs about one article."""

    id: int
    url: str
    title: str
    text: str
    published_at: datetime | None
    has_page: bool


@dataclass(frozen=True)
class NearCandidate:
    """Another article sharing an LSH band: its signature and where its copy group starts."""

    id: int
    minhash: bytes
    published_at: datetime | None
    root: int  # syndicated_from if set, else itself


def dedupe_inputs(ids: Sequence[int]) -> list[DedupeInput]:
    """Return the articles that still exist, in the given order (deleted ones are skipped)."""
    with_page = set(
        Article.objects.filter(id__in=list(ids), raw_html__isnull=False).values_list(
            "id", flat=True
        )
    )
    rows = {
        r[0]: DedupeInput(r[0], r[1], r[2], r[3], r[4], r[0] in with_page)
        for r in Article.objects.filter(id__in=list(ids)).values_list(
            "id", "url", "title", "text", "published_at"
        )
    }
    return [rows[i] for i in ids if i in rows]


def save_signature(
    article_id: int,
    canonical_url: str,
    text_hash: str,
    minhash: bytes,
    bands: Sequence[int],
    published_at: datetime | None,
) -> None:
    """Store (or replace) an article's signature and LSH band keys."""
    with transaction.atomic():
        Signature.objects.update_or_create(
            article_id=article_id,
            defaults={
                "canonical_url": canonical_url[:2000],
                "text_hash": text_hash,
                "minhash": minhash,
                "published_at": published_at,
            },
        )
        Band.objects.filter(article_id=article_id).delete()
        Band.objects.bulk_create([Band(article_id=article_id, key=k) for k in set(bands)])


def _order(row: tuple[int, datetime | None]) -> tuple[float, int]:
    return (row[1].timestamp() if row[1] else float("inf"), row[0])


def group_exact(article_id: int) -> int | None:
    """Link every copy with the same text or canonical URL to the earliest; return it (or None).

    Rows are never deleted: later copies get ``duplicate_of`` and the earliest remembers every
    copy's URL and feed in ``alternates``.
    """
    sig = Signature.objects.filter(article_id=article_id).first()
    if sig is None:
        return None
    same = Q(canonical_url=sig.canonical_url)
    if sig.text_hash:
        same |= Q(text_hash=sig.text_hash)
    rows = list(Signature.objects.filter(same).values_list("article_id", "published_at"))
    if len(rows) < 2:
        Signature.objects.filter(article_id=article_id).update(duplicate_of=None)
        return None
    rows.sort(key=_order)
    first = rows[0][0]
    members = [r[0] for r in rows]
    info = Article.objects.filter(id__in=members).values_list(
        "id", "url", "feed_id", "source__name"
    )
    alternates = [{"article_id": i, "url": u, "feed": f, "outlet": s or ""} for i, u, f, s in info]
    alternates.sort(key=lambda a: members.index(a["article_id"]))
    with transaction.atomic():
        Signature.objects.filter(article_id__in=members[1:]).update(
            duplicate_of_id=first, alternates=[]
        )
        Signature.objects.filter(article_id=first).update(duplicate_of=None, alternates=alternates)
    return first


def near_candidates(article_id: int, bands: Sequence[int], limit: int = 200) -> list[NearCandidate]:
    """Return articles sharing at least one band key (most recent first, at most ``limit``)."""
    ids = (
        Band.objects.filter(key__in=list(bands))
        .exclude(article_id=article_id)
        .values_list("article_id", flat=True)
        .distinct()
    )
    rows = (
        Signature.objects.filter(article_id__in=list(ids[: limit * 4]))
        .order_by("-published_at")
        .values_list("article_id", "minhash", "published_at", "syndicated_from_id")[:limit]
    )
    return [NearCandidate(i, bytes(m), p, root or i) for i, m, p, root in rows]


def set_syndicated(article_id: int, root_id: int | None, similarity: float = 0.0) -> None:
    """Record that an article is a near copy of ``root_id`` (None clears it)."""
    Signature.objects.filter(article_id=article_id).update(
        syndicated_from_id=root_id, similarity=round(similarity, 4)
    )


def retarget_syndicated(old_root: int, new_root: int) -> None:
    """Point every near copy of ``old_root`` at an earlier ``new_root`` (and ``old_root`` itself)."""
    Signature.objects.filter(Q(syndicated_from_id=old_root) | Q(article_id=old_root)).exclude(
        article_id=new_root
    ).update(syndicated_from_id=new_root)
