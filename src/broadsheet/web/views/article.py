"""The article page: clean text, outlet, author, time, embedded posts and why this text."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from broadsheet.errors import NotFoundError
from broadsheet.storage import articles


def article(request: HttpRequest, article_id: int) -> HttpResponse:
    """Render one article or a 404 page."""
    try:
        item = articles.get_article(article_id)
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    return render(request, "web/article.html", {"a": item})
