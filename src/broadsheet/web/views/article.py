"""The article page: clean text with inline embeds, hashtags, AI panel, comments, related."""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.reading import ArticleIntel, EntityRow, QuoteRow
from broadsheet.web import panels
from broadsheet.web.body import blocks
from broadsheet.web.views._common import user_id
from broadsheet.web.views._kept import render_kept


def article(request: HttpRequest, article_id: int) -> HttpResponse:
    """Render one article with every panel whose data exists, or a 404 page."""
    try:
        item = reading.article_view(article_id)
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    uid = user_id(request)
    body, leftover = blocks(item.text, item.embeds)
    _, saved = panels.reader_state(uid, [item.id])
    if uid:
        reading.mark_read(uid, [item.id])
    found = panels.article_panels(item.id)
    return render_kept(
        request,
        "web/article.html",
        {
            "a": item,
            "blocks": body,
            "leftover": leftover,
            "intel": found.intel,
            "story": found.story,
            "related": found.related,
            "quotes": _quotes(found.intel),
            "entities": _entities(found.intel),
            "summary": panels.article_summary(item.id) if item.text else None,
            "comments": reading.comments_for(article_id=item.id, viewer_id=uid),
            "saved": item.id in saved,
            "can_tag": uid is not None,
        },
    )


def _quotes(intel: ArticleIntel | None) -> list[QuoteRow]:
    """Quotes worth showing: reported speech nobody can be named for ("…, police said") is left out."""
    return [q for q in (intel.quotes if intel else []) if q.kind != "indirect" or q.speaker]


def _entities(intel: ArticleIntel | None) -> list[EntityRow]:
    """Each canonical name once (its most-mentioned kind), mentions added up, most named first."""
    merged: dict[str, EntityRow] = {}
    for e in intel.entities if intel else []:
        seen = merged.get(e.name)
        merged[e.name] = replace(seen, count=seen.count + e.count) if seen else e
    return sorted(merged.values(), key=lambda e: -e.count)
