"""A Google Reader compatible API (the subset Reeder, NetNewsWire, FeedMe and ReadYou use).

Routes live in ``broadsheet.greader.urls``: ``/accounts/ClientLogin`` and ``/reader/api/0/…``.
"""

__all__: list[str] = []
