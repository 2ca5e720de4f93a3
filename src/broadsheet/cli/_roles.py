"""The roles of a scaled-out instance: ``worker`` (Celery, runs the pipeline's tasks) and
``scheduler`` (decides what is due and sends it to the workers). ``serve`` is the web role."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
from typing import Any

from broadsheet.errors import ConfigError

QUEUES = "celery,pages,articles,summaries"


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "worker",
        help="run a Celery worker for the pipeline's queues (needs BROADSHEET_BROKER_URL)",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 1,
        help="tasks run at once (default: one per core, here %(default)s)",
    )
    p.add_argument(
        "--queues",
        default=QUEUES,
        help="comma-separated queues to consume (default: all, %(default)s)",
    )
    p.add_argument(
        "--name", default=f"broadsheet@{socket.gethostname()}", help="worker name (unique)"
    )
    p.add_argument(
        "--pool",
        choices=("prefork", "threads", "solo"),
        default="prefork",
        help="how tasks run: processes (default), threads, or one at a time in this process",
    )
    p.set_defaults(func=cmd_worker, chatty=True)
    p = sub.add_parser(
        "scheduler",
        help="send due feeds and pipeline work to the workers (one leads, others stand by)",
    )
    p.add_argument(
        "--interval", type=float, default=30.0, help="seconds between rounds (default 30)"
    )
    p.add_argument(
        "--lock-seconds",
        type=float,
        help="how long the lock outlives a leader that died (default: 4 rounds, at least 120 s)",
    )
    p.set_defaults(func=cmd_scheduler, chatty=True)


def _broker() -> str:
    from broadsheet import config

    url = config.get().broker_url
    if not url:
        raise ConfigError(
            "this role talks to Celery workers: set BROADSHEET_BROKER_URL (e.g. "
            "redis://127.0.0.1:6379/0); without a broker `broadsheet serve` does everything"
        )
    return url


def cmd_worker(args: argparse.Namespace) -> int:
    """Run a Celery worker: acks late, one task prefetched, every pipeline queue by default."""
    if args.concurrency < 1:
        raise ConfigError("--concurrency must be at least 1")
    url = _broker()
    from broadsheet.pipeline.celery_app import check_broker, run_worker

    check_broker(url)
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    run_worker(args.concurrency, queues, args.name, args.pool, _level())
    return 0


def cmd_scheduler(args: argparse.Namespace) -> int:
    """Lead the scheduling rounds while holding the lock in Redis, or stand by for it."""
    if args.interval <= 0:
        raise ConfigError("--interval must be more than 0 seconds")
    ttl = args.lock_seconds or max(120.0, 4 * args.interval)
    if ttl <= args.interval:
        raise ConfigError("--lock-seconds must be longer than --interval")
    return lead_rounds(args.interval, ttl)


def lead_rounds(interval: float, lock_seconds: float) -> int:
    """Run scheduling rounds while this process holds the scheduler lock, until SIGTERM."""
    from broadsheet import config
    from broadsheet.pipeline.celery_app import check_broker
    from broadsheet.pipeline.leader import SchedulerLock, lead, lock_url

    url = _broker()
    check_broker(url)
    lock = SchedulerLock(lock_url(url, config.get().cache_url), ttl_seconds=lock_seconds)
    lock.ping()
    logging.getLogger().setLevel(_level())
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print(
        f"scheduler {lock.holder}: a round every {interval:g} s while it holds the lock",
        file=sys.stderr,
    )
    lead(lock, interval, stop)
    return 0


def _level() -> str:
    from broadsheet import config

    return config.get().log_level.upper()
