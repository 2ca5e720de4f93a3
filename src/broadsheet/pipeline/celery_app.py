"""Celery application: the same task functions, registered for workers.

Start a worker with ``celery -A broadsheet.pipeline.celery_app worker``; the broker is
``BROADSHEET_BROKER_URL``. Tasks take IDs, are idempotent, are acknowledged only after they ran
(a worker killed mid-task leaves the task for another) and retry with backoff on I/O errors.
"""

from __future__ import annotations

import os

import django
from celery import Celery
from kombu import Queue

from broadsheet import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
django.setup()

from broadsheet.pipeline import tasks  # noqa: E402  (needs Django set up)

app = Celery("broadsheet")
app.conf.update(
    broker_url=config.get().broker_url or None,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    broker_connection_retry_on_startup=True,
    # feeds and scheduling on the default queue, page fetches (network-bound), the other
    # article steps (CPU-bound) and requested summaries (model calls) on their own; a worker
    # consumes all four unless given -Q
    task_queues=[Queue("celery"), Queue("pages"), Queue("articles"), Queue("summaries")],
)

for _name in tasks.__all__:
    app.task(
        name=f"broadsheet.{_name}",
        autoretry_for=(OSError,),
        retry_backoff=True,
        max_retries=5,
        ignore_result=True,
    )(getattr(tasks, _name))
