"""Run a task inline, or on Celery when BROADSHEET_BROKER_URL is set: same code either way."""

from __future__ import annotations

import logging
from typing import Any

from broadsheet import config
from broadsheet.pipeline import tasks

log = logging.getLogger(__name__)

TASKS = {name: getattr(tasks, name) for name in tasks.__all__}


def enqueue(name: str, *args: Any) -> None:
    """Run task ``name`` with ``args`` now (no broker) or send it to the Celery workers."""
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}; known: {', '.join(sorted(TASKS))}")
    broker = config.get().broker_url
    if broker:
        from broadsheet.pipeline.celery_app import app

        app.conf.broker_url = broker  # settings may have changed since the app was imported
        app.send_task(f"broadsheet.{name}", args=list(args))
        return
    TASKS[name](*args)
