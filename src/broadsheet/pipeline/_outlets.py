"""Outlets are publishers: which outlet a feed or an imported article belongs to, and its name.

The key comes from ``broadsheet.dedupe.publisher`` (the feed's own site link, else its URL, with
multi-tenant and local hosts told apart); storage finds or creates the outlet by it. A feed gets
its outlet when it is added and is moved (with its articles) when its first fetch tells what its
site link or title is. The name is the publisher's: the site name its article pages agree on,
else the name its feeds' titles share; a name a person gave (not one of those) is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from broadsheet.dedupe import automatic_name, outlet_name, page_site_name, publisher
from broadsheet.parse import ParsedFeed
from broadsheet.storage import feeds
from broadsheet.storage.feeds import OutletRef

__all__ = ["name_from_pages", "outlet_of", "place_fetched", "settle_names"]


def outlet_of(url: str, site_url: str = "", name: str = "") -> OutletRef | None:
    """Return the outlet of a feed (or article) at ``url`` with this site link and site name."""
    found = publisher(site_url, url, name)
    if found is None:
        return None
    named = outlet_name(found.key, [name]) if name.strip() else ""
    return OutletRef(found.key, named, found.home)


def settle_names(source_ids: Iterable[int], *, pages: bool = True) -> None:
    """Rename outlets whose name Broadsheet gave to the publisher's name (see ``outlet_name``)."""
    for row in feeds.outlet_namings(set(source_ids)):
        if not automatic_name(row.name, row.key, row.feed_titles):
            continue
        page_names = feeds.page_site_names(row.id) if pages else []
        name = outlet_name(row.key, row.feed_titles, page_names)
        if name != row.name:
            feeds.rename_outlet(row.id, name)


def place_fetched(feed_id: int, parsed: ParsedFeed) -> None:
    """Put a fetched feed in its publisher's outlet (what it says of itself fills what is unknown).

    Runs before the feed's items are stored, so new articles land in the right outlet; costs one
    query when nothing changes.
    """
    basis = feeds.outlet_basis(feed_id)
    if basis is None:
        return
    title = basis.title or parsed.title
    ref = outlet_of(basis.url, basis.site_url or parsed.site_url or "", title)
    if ref is None:
        return
    if ref.key != basis.key:
        placed = feeds.place_feed(feed_id, ref)
        if placed is not None:
            settle_names([placed])
    elif title and basis.source_id is not None and basis.name in ("", basis.key):
        settle_names([basis.source_id])


def name_from_pages(site_names: Mapping[int, str]) -> None:
    """Let articles' page site names (article id -> name) name their outlets when they agree."""
    given = {a: clean for a, n in site_names.items() if (clean := page_site_name(n))}
    if not given:
        return
    outlets = feeds.article_outlets(given)
    differ = {
        source_id
        for article_id, (source_id, name) in outlets.items()
        if given[article_id].casefold() != name.casefold()
    }
    if differ:
        settle_names(differ)
