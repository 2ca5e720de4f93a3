"""Write a list of articles as RSS 2.0 or Atom 1.0 with Django's feed generator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from broadsheet.reading import ArticleEntry
from broadsheet.untrusted import xml_text

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


def render(
    request: HttpRequest, fmt: str, channel: Channel, articles: Sequence[ArticleEntry]
) -> HttpResponse:
    """Return the articles as a feed document in ``fmt`` (rss or atom).

    Every string passes ``xml_text`` once more: stored fields are already clean, but a query
    typed into a search feed's URL or a row from an older version must not make the writer
    raise (one forbidden character would turn the whole feed into an HTTP 500).
    """
    x = xml_text
    feed = FORMATS[fmt](
        title=x(channel.title),
        link=x(request.build_absolute_uri(channel.link)),
        description=x(channel.description),
        language="en",
        feed_url=x(request.build_absolute_uri()),
        feed_guid=x(request.build_absolute_uri(request.path)),
    )
    for a in articles:
        local = _article_page(request, a.id)
        source = x(a.source) if a.source else None
        feed.add_item(
            title=x(a.title or a.url or f"Article {a.id}"),
            link=x(a.url) or local,
            description=x(a.html),
            unique_id=local,
            unique_id_is_permalink=not a.url,
            pubdate=a.published,
            author_name=x(", ".join(a.authors)) or source,
            categories=[source] if source else None,
        )
    content_type = f"{feed.content_type.split(';')[0]}; charset=utf-8"
    return HttpResponse(feed.writeString("utf-8"), content_type=content_type)
