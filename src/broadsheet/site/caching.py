"""Which cache Broadsheet uses (``BROADSHEET_CACHE_URL``), and the file cache it uses by default.

The default is a directory of files in the data directory: every process on the machine (web
workers, scheduler, ``broadsheet`` commands) shares it with no extra service, so dropping an entry
in one worker is seen by all. Django's ``FileBasedCache`` lists its whole directory on every
``set`` to decide whether to cull; with a few thousand entries that costs 1.5-3.5 ms, more than a
cached panel saves. ``FileCache`` checks on a random 1/32 of the writes instead, so the directory
stays near ``MAX_ENTRIES`` (a few dozen entries over between checks) at a thirty-second of the cost.
Values are kept and shared through ``broadsheet.reading.remember``.
"""

from __future__ import annotations

import random
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

CHECK_ONE_IN = 32
MAX_ENTRIES = 3000


class FileCache(FileBasedCache):
    """A file cache shared by every process on the machine, culled now and then."""

    def _cull(self) -> None:
        if random.randrange(CHECK_ONE_IN) == 0:
            super()._cull()


def cache_settings(url: str, data_dir: Path) -> dict[str, object]:
    """Django's ``CACHES["default"]`` for a ``BROADSHEET_CACHE_URL`` (already validated)."""
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "broadsheet",
        }
    where = url.removeprefix("file://") if url else str(data_dir / "cache")
    return {
        "BACKEND": f"{__name__}.FileCache",
        "LOCATION": where,
        "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
    }
