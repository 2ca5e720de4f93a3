"""Write a list of articles as RSS 2.0 or Atom 1.0 with Django's feed generator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from broadsheet.storage.reader.rows import ArticleSummary

__all__ = ["FORMATS", "Channel", "render"]

FORMATS: dict[str, type[SyndicationFeed]] = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


@dataclass(frozen=True)
class Channel:
    """What a feed is about: its title, description and the page it stands for."""

    title: str
    description: str
    link: str = "/"


def _article_page(request: HttpRequest, article_id: int) -> str:
    return request.build_absolute_uri(reverse("article", args=[article_id]))


def render(request: HttpRequest, fmt: str, channel: Channel,
           articles: Sequence[ArticleSummary]) -> HttpResponse:
    """Return the articles as a feed document in ``fmt`` (rss or atom)."""
    feed = FORMATS[fmt](
        title=channel.title, link=request.build_absolute_uri(channel.link),
        description=channel.description, language="en",
        feed_url=request.build_absolute_uri(), feed_guid=request.build_absolute_uri(request.path),
    )
    for a in articles:
        local = _article_page(request, a.id)
        feed.add_item(
            title=a.title or a.url or f"Article {a.id}", link=a.url or local,
            description=a.html or "", unique_id=local, unique_id_is_permalink=not a.url,
            pubdate=a.published, author_name=", ".join(a.authors) or a.source or None,
            categories=[a.source] if a.source else None,
        )
    content_type = f"{feed.content_type.split(';')[0]}; charset=utf-8"
    return HttpResponse(feed.writeString("utf-8"), content_type=content_type)
