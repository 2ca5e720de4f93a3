"""Celery application: the same task functions, registered for workers.

Start a worker with ``celery -A broadsheet.pipeline.celery_app worker``.
"""

from __future__ import annotations

import os

import django
from celery import Celery

from broadsheet import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
django.setup()

from broadsheet.pipeline.dispatch import TASKS  # noqa: E402  (needs Django set up)

app = Celery("broadsheet", broker=config.get().broker_url or None)
app.conf.update(task_acks_late=True, worker_prefetch_multiplier=1, task_serializer="json")

for _name, _fn in TASKS.items():
    app.task(name=f"broadsheet.{_name}", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)(_fn)
