"""Outlets are publishers: which outlet a feed or an imported article belongs to, and its name.

The key comes from ``broadsheet.dedupe.publisher`` (the feed's own site link, else its URL, with
multi-tenant and local hosts told apart); storage finds or creates the outlet by it. A feed gets
its outlet when it is added and is moved (with its articles) when its first fetch tells what its
site link or title is. The name is the publisher's: the site name its article pages agree on,
else the name its feeds' titles share; a name a person gave (not one of those) is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from broadsheet.dedupe import automatic_name, outlet_name, page_site_name, publisher
from broadsheet.parse import ParsedFeed
from broadsheet.storage import feeds
from broadsheet.storage.feeds import OutletBasis, OutletRef

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


def place_fetched(
    fetched: Sequence[tuple[int, ParsedFeed]], bases: Mapping[int, OutletBasis] | None = None
) -> None:
    """Put fetched feeds (id, parsed document) in their publishers' outlets (what a feed says of
    itself fills what is unknown); each outlet's name is settled once, after all of them.

    Runs before the feeds' items are stored, so new articles land in the right outlet; costs one
    query when nothing changes, none when the caller read the feeds' ``bases`` already.
    """
    bases = dict(bases or {})
    missing = [feed_id for feed_id, _ in fetched if feed_id not in bases]
    if missing:
        bases.update(feeds.outlet_bases(missing))
    moves: dict[int, OutletRef] = {}
    named: set[int] = set()
    for feed_id, parsed in fetched:
        basis = bases.get(feed_id)
        if basis is None:
            continue
        title = basis.title or parsed.title
        ref = outlet_of(basis.url, basis.site_url or parsed.site_url or "", title)
        if ref is None:
            continue
        if ref.key != basis.key:
            moves[feed_id] = ref
        elif title and basis.source_id is not None and basis.name in ("", basis.key):
            named.add(basis.source_id)
    named.update(feeds.place_feeds(moves).values())
    if named:
        settle_names(named)


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
