"""The Fever API (https://feedafever.com/api), as Reeder, Unread, Fiery Feeds and ReadKit use it.

One endpoint, ``/fever/?api`` (also ``/api/fever.php?api``, FreshRSS's address), answers JSON.
Clients send ``api_key`` = md5("<username>:<Fever password>") with every call; the reader sets
that password on the web page ``/accounts/fever/``. Routes are in ``broadsheet.fever.urls``.
Everything is read and written through ``broadsheet.reading``.
"""

__all__: list[str] = []
