"""Celery application: the same task functions, registered for workers.

Start a worker with ``broadsheet worker`` (or ``celery -A broadsheet.pipeline.celery_app
worker``); the broker is ``BROADSHEET_BROKER_URL``. Tasks take IDs, are idempotent, are acknowledged only after they ran
(a worker killed mid-task leaves the task for another) and retry with backoff on I/O errors
and while the database is unavailable (a restart).
"""

from __future__ import annotations

import contextlib
import os

import django
from celery import Celery
from celery.signals import worker_process_shutdown
from kombu import Queue

from broadsheet import config
from broadsheet.errors import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
django.setup()

from broadsheet.pipeline import tasks  # noqa: E402  (needs Django set up)
from broadsheet.pipeline.outages import database_errors  # noqa: E402

with contextlib.suppress(ImportError):  # a worker on PostgreSQL: retry psycopg's own errors too
    import psycopg  # noqa: F401

QUEUES = ("celery", "pages", "articles", "summaries")


def visibility_timeout() -> int:
    """Seconds Redis waits for a delivered task's acknowledgement before giving it to another
    worker: above the longest task (a batch is held for at most the work lease), so a task
    still running is never handed out twice, yet a killed worker's task is not lost."""
    return max(3600, 2 * config.get().work_lease_seconds)


app = Celery("broadsheet")
app.conf.update(
    broker_url=config.get().broker_url or None,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    broker_connection_retry_on_startup=True,
    broker_connection_max_retries=None,  # a worker waits for a restarting broker, however long
    # feeds and scheduling on the default queue, page fetches (network-bound), the other
    # article steps (CPU-bound) and requested summaries (model calls) on their own; a worker
    # consumes all four unless given -Q
    task_queues=[Queue(name) for name in QUEUES],
    broker_transport_options={"visibility_timeout": visibility_timeout()},
    worker_cancel_long_running_tasks_on_connection_loss=False,
)

for _name in tasks.__all__:
    app.task(
        name=f"broadsheet.{_name}",
        # a database restarting (OperationalError, InterfaceError) is waited out like a network
        # error, for 1, 2, 4 ... 60, 60 s (3 minutes in all; without jitter, so a short outage
        # cannot use the retries up at once); a broker that is down cannot take a retry, so the
        # work's lease covers that
        autoretry_for=(OSError, *database_errors()),
        retry_backoff=True,
        retry_backoff_max=60,
        retry_jitter=False,
        max_retries=8,
        ignore_result=True,
    )(getattr(tasks, _name))


@worker_process_shutdown.connect
def _stop_parse_pool(**_: object) -> None:
    """A worker process stopping stops its extraction pool too (nothing is left behind)."""
    from broadsheet.processes import shutdown

    shutdown()


def check_broker(url: str) -> None:
    """Raise ConfigError in one line when the broker at ``url`` cannot be reached."""
    from kombu import Connection
    from kombu.utils.url import maybe_sanitize_url

    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.5)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(
            f"cannot reach the broker at {maybe_sanitize_url(url)}: {first} "
            "(is Redis running? check BROADSHEET_BROKER_URL)"
        ) from None


def run_worker(
    concurrency: int, queues: list[str], name: str, pool: str, loglevel: str = "INFO"
) -> None:
    """Run a Celery worker in this process until it is stopped (SIGTERM: warm shutdown)."""
    url = config.get().broker_url
    app.conf.broker_url = url
    app.conf.broker_transport_options = {"visibility_timeout": visibility_timeout()}
    unknown = sorted(set(queues) - set(QUEUES))
    if unknown:
        raise ConfigError(
            f"unknown queue {', '.join(unknown)}; the pipeline's queues: {', '.join(QUEUES)}"
        )
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--pool={pool}",
            "--prefetch-multiplier=1",
            f"--queues={','.join(queues)}",
            f"--hostname={name}",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
        ]
    )
