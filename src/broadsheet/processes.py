"""Processes for CPU-bound work (parsing, extraction): how many, and one shared pool per process.

Django-free, so the `broadsheet extract` command can use it without a database."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

_lock = threading.Lock()
_pool: Executor | None = None


def workers() -> int:
    """Return how many worker processes to use: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def _exit_with_parent() -> None:
    """In each pool worker: exit as soon as the process that started the pool is gone.

    A worker waits on its task queue forever, so without this a parent killed with -9 (or by
    an unhandled SIGTERM) leaves its workers, the forkserver and the resource tracker behind.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="broadsheet-parent-watch", daemon=True).start()


def parse_pool() -> Executor:
    """Return the shared pool, started on first use with forkserver (safe beside threads).

    A daemonic process (a Celery prefork worker's child) may not start processes: there the
    pool is one thread, and the work runs in this process one piece at a time.
    """
    global _pool
    with _lock:
        if _pool is None and multiprocessing.current_process().daemon:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="broadsheet-parse")
        if _pool is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["broadsheet.parse", "broadsheet.extract"])
            _pool = ProcessPoolExecutor(
                max_workers=workers(), mp_context=ctx, initializer=_exit_with_parent
            )
        return _pool


def shutdown() -> None:
    """Stop the shared pool if it was started."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(cancel_futures=True)
            _pool = None
