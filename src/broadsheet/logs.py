"""Structured logging: human-readable text or one JSON object per line."""

from __future__ import annotations

import json
import logging
from typing import Any

__all__ = ["JsonFormatter", "logging_config"]

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object with its extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a single JSON line."""
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


class KeyValueFormatter(logging.Formatter):
    """Format a record as text followed by its extra fields as key=value pairs."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the message with extra fields appended."""
        base = super().format(record)
        extra = " ".join(f"{k}={v!r}" for k, v in vars(record).items() if k not in _STANDARD)
        return f"{base} {extra}" if extra else base


def logging_config(level: str, fmt: str) -> dict[str, Any]:
    """Return a logging dictConfig for the given level and format ('text' or 'json')."""
    formatter = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"()": KeyValueFormatter, "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "main"}},
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "httpx": {"level": "WARNING"},
            "httpcore": {"level": "WARNING"},
            "trafilatura": {"level": "ERROR"},
            "htmldate": {"level": "ERROR"},
            "charset_normalizer": {"level": "ERROR"},
        },
    }
