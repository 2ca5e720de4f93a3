"""What a search returns: frozen dataclasses the web, API and CLI all share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Filters:
    """Narrow a search; every field is optional. ``source`` is a domain or a source name;
    ``feeds_of``, a reader's id, keeps only articles of the feeds that reader follows."""

    source: str = ""
    since: datetime | None = None
    until: datetime | None = None
    entity: str = ""
    hashtag: str = ""
    language: str = ""
    feeds_of: int | None = None

    def active(self) -> bool:
        """True when any filter is set."""
        return any((self.source, self.since, self.until, self.entity, self.hashtag, self.language))


@dataclass(frozen=True)
class Hit:
    """One matching article, with a snippet whose only markup is ``<mark>`` around matches."""

    article_id: int
    title: str
    outlet: str
    published_at: datetime | None
    snippet_html: str
    score: float
    url: str = ""
    title_html: str = ""


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, best first. ``capped`` means only the newest ``cap`` matches were ranked."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    page: int
    per_page: int
    capped: bool = False
    filters: Filters = field(default_factory=Filters)
    notice: str = ""

    @property
    def pages(self) -> int:
        """How many pages the ranked matches fill."""
        return max(1, -(-self.total // self.per_page))
