"""The "All feeds · My feeds" switch of the front page, latest, search and alerts.

``?feeds=mine`` limits a list to the feeds the signed-in reader follows, ``?feeds=all`` shows
the instance's view again. The last choice is kept in the reader's session, so every page with
the switch opens on it until they switch back (on this browser; the session ends with it).
Anonymous readers have no feeds of their own: they always see every feed and no switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest

from broadsheet.web.views._common import user_id

SESSION_KEY = "feeds_scope"
CHOICES = ("all", "mine")
# A page's position (a keyset cursor, a page number) belongs to one scope: switching starts over.
POSITION = ("before", "page")


@dataclass(frozen=True)
class Scope:
    """Which feeds a list shows, and the links of the switch (``offered``: a reader is signed in)."""

    offered: bool
    mine: bool
    reader: int | None  # the reader whose feeds the list is limited to; None: every feed
    query: str  # this page's query string with the scope in it, for paging and feed links
    all_url: str
    mine_url: str

    @property
    def value(self) -> str:
        """``mine`` or ``all``, as the ``feeds`` parameter writes it."""
        return "mine" if self.mine else "all"


def scope(request: HttpRequest) -> Scope:
    """Read ``?feeds=`` (remembering it in the session) or the reader's last choice."""
    uid = user_id(request)
    if uid is None:
        return Scope(False, False, None, request.GET.urlencode(), "", "")
    asked = request.GET.get("feeds", "")
    if asked in CHOICES:
        if request.session.get(SESSION_KEY) != asked:
            request.session[SESSION_KEY] = asked
        value = asked
    else:
        value = request.session.get(SESSION_KEY, "all")
    mine = value == "mine"
    kept = [(k, v) for k, v in request.GET.items() if k != "feeds"]
    here = urlencode([*kept, ("feeds", value)])
    fresh = [(k, v) for k, v in kept if k not in POSITION]
    return Scope(
        offered=True,
        mine=mine,
        reader=uid if mine else None,
        query=here,
        all_url="?" + urlencode([*fresh, ("feeds", "all")]),
        mine_url="?" + urlencode([*fresh, ("feeds", "mine")]),
    )
