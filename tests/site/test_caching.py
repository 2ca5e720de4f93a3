"""The cache chosen by BROADSHEET_CACHE_URL, and the default file cache's bounded size."""

from __future__ import annotations

from pathlib import Path

from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string

from broadsheet.site.caching import FileCache, cache_settings


def test_each_url_picks_its_backend(tmp_path: Path) -> None:
    assert cache_settings("", tmp_path)["LOCATION"] == str(tmp_path / "cache")
    assert cache_settings("", tmp_path)["BACKEND"] == "broadsheet.site.caching.FileCache"
    assert cache_settings("file:///srv/cache", tmp_path)["LOCATION"] == "/srv/cache"
    assert cache_settings("locmem://", tmp_path)["BACKEND"].endswith("LocMemCache")
    redis = cache_settings("redis://127.0.0.1:6379/1", tmp_path)
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"].endswith("/1")
    for url in ("", "locmem://", "redis://127.0.0.1:6379/1"):
        assert issubclass(import_string(str(cache_settings(url, tmp_path)["BACKEND"])), BaseCache)


def test_two_file_caches_on_one_directory_see_each_others_writes(tmp_path: Path) -> None:
    one, two = FileCache(str(tmp_path), {}), FileCache(str(tmp_path), {})
    one.set("web:article:1", {"related": [2, 3]}, 60)
    assert two.get("web:article:1") == {"related": [2, 3]}
    two.delete("web:article:1")
    assert one.get("web:article:1") is None


def test_the_file_cache_stays_near_its_size_limit(tmp_path: Path) -> None:
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})
    for i in range(2000):
        cache.set(f"k{i}", i, 60)
    files = len(list(tmp_path.glob("*.djcache")))
    assert files < 50 + 400, files  # culled on about 1 write in 32, not never
    assert cache.get("k1999") == 1999


def test_a_stale_value_is_recomputed_by_one_caller_while_the_others_get_it() -> None:
    from django.core.cache import cache

    from broadsheet.reading import expire, remember

    cache.clear()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert remember("front", 20, compute) == 1
    assert remember("front", 20, compute) == 1 and len(calls) == 1  # fresh: kept
    expire("front")
    cache.add("front:refreshing", 1, 30)  # another worker is already recomputing
    assert remember("front", 20, compute) == 1 and len(calls) == 1  # served stale meanwhile
    cache.delete("front:refreshing")
    assert remember("front", 20, compute) == 2  # this caller recomputes
    assert remember("front", 20, compute) == 2 and len(calls) == 2
