"""Starter data for a fresh install: real feeds when online, the bundled demo corpus when not."""

from __future__ import annotations

import json
import logging
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from broadsheet import config
from broadsheet.pipeline._import import import_articles, parse_published
from broadsheet.pipeline._outlets import outlet_of
from broadsheet.pipeline._subscribe import import_opml
from broadsheet.starter import demo_articles_path, starter_opml_path
from broadsheet.storage import articles, feeds

log = logging.getLogger(__name__)

PROBE = ("feeds.bbci.co.uk", 443)
DEMO_REASON = (
    "Demo outlet from the offline demo corpus: its address is fictional (.example), "
    "so it is never polled."
)


def online(timeout: float = 3.0) -> bool:
    """Return True when a well-known news host answers on port 443."""
    try:
        with socket.create_connection(PROBE, timeout=timeout):
            return True
    except OSError:
        return False


def _freshened(records: list[dict[str, object]], now: datetime) -> list[str]:
    """Shift the demo's dates so its newest article is half an hour old, keeping the gaps."""
    stamps = [parse_published(r.get("published"))[0] for r in records]
    newest = max((s for s in stamps if s is not None), default=None)
    shift = (now - timedelta(minutes=30) - newest) if newest else timedelta(0)
    lines = []
    for record, stamp in zip(records, stamps, strict=True):
        if stamp is not None:
            record = record | {"published": (stamp + shift).isoformat()}
        lines.append(json.dumps(record))
    return lines


def _load_demo() -> str:
    path = demo_articles_path()
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    lines = _freshened(records, datetime.now(UTC))
    outlets: dict[str, tuple[str, str, str]] = {}
    for record in records:
        if record.get("feed_url"):
            outlets[record["feed_url"]] = (
                record.get("source", ""),
                record.get("source_url", ""),
                record.get("language", ""),
            )
    names = Counter(name for name, _, _ in outlets.values())
    for feed_url, (name, site, language) in outlets.items():
        # One publisher's editions in other languages get their language in the feed's title,
        # so the sidebar does not list "Continental Press Wire" three times.
        title = f"{name} ({language.upper()})" if names[name] > 1 and language != "en" else name
        feed_id, _ = feeds.add_feed(
            feed_url,
            title=title,
            site_url=site,
            category=("Demo",),
            outlet=outlet_of(feed_url, site, name),
        )
        feeds.disable_feed(feed_id, DEMO_REASON)
    report = import_articles(lines)
    return (
        f"offline: loaded the demo corpus ({report.created} articles from "
        f"{len(outlets)} outlets, {report.rejected} rejected)"
    )


def load_starter(mode: str | None = None) -> str:
    """Fill an empty database with starter data and say what was done."""
    mode = mode or config.get().starter
    if feeds.feed_ids(active_only=False) or articles.count():
        return "starter data skipped: the database already has feeds or articles"
    if mode == "none":
        return "starter data skipped (BROADSHEET_STARTER=none)"
    if mode == "online" or (mode == "auto" and online()):
        report = import_opml(starter_opml_path().read_bytes())
        hosts = len({urlsplit(s.feed_url).hostname for s in feeds.subscriptions()})
        return (
            f"online: subscribed to {report.added} starter feeds from {hosts} sites; "
            "the scheduler fetches them now"
        )
    return _load_demo()
