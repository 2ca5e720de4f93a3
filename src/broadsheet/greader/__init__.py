"""A Google Reader compatible API (the subset Reeder, NetNewsWire, FeedMe and ReadYou use).

Routes live in ``broadsheet.greader.urls``: ``/accounts/ClientLogin``, ``/reader/api/0/…`` and
the Atom streams ``/reader/atom/<stream id>`` that older clients (newsboat) read.
"""

__all__: list[str] = []
