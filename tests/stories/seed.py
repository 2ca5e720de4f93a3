"""Rebuild the seed page's main article and its three related articles at test time.

The page (../shared/seed/000_cd1d4b8b4071014e.txt) is a news reader's article page: the main
article's title on the first line, its text up to "Hashtags", then "Related Articles" blocks of
outlet / age / "- outlet" / title / excerpt. Nothing of its text is copied into the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime(2025, 7, 5, 12, 0, tzinfo=UTC)
DOMAINS = {
    "BBC News": "bbc.co.uk",
    "Daily Mail": "dailymail.co.uk",
    "The Guardian": "theguardian.com",
}


@dataclass(frozen=True)
class SeedArticle:
    """One article rebuilt from the seed page."""

    outlet: str
    title: str
    text: str
    published: datetime

    def record(self, n: int) -> dict[str, str]:
        """Return the article as an import line (a stable made-up URL on the outlet's domain)."""
        domain = DOMAINS.get(self.outlet, "daily8.example")
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60]
        return {
            "url": f"https://www.{domain}/news/{n}-{slug}",
            "title": self.title,
            "text": self.text,
            "source": self.outlet,
            "source_url": f"https://www.{domain}/",
            "published": self.published.isoformat(),
        }


def _age(text: str) -> timedelta:
    m = re.match(r"(\d+|an?)\s+(minute|hour|day)s?\s+ago", text.strip())
    if not m:
        return timedelta(0)
    n = 1 if m.group(1) in ("a", "an") else int(m.group(1))
    return timedelta(**{m.group(2) + "s": n})


def parse(path: Path) -> tuple[SeedArticle, list[SeedArticle]]:
    """Return the main article and the related articles listed under it."""
    raw = path.read_text(encoding="utf-8")
    head, _, tail = raw.partition("\nRelated Articles")
    body = head.split("\nHashtags", 1)[0]
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    main = SeedArticle("Daily8", lines[0], "\n\n".join(lines[1:]), NOW)
    related = []
    for block in re.split(r"\n\s*\n\s*\n", tail.strip()):
        parts = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if len(parts) >= 5 and parts[2].startswith("- "):
            outlet, age, _, title = parts[:4]
            text = "\n\n".join(parts[4:])
            related.append(SeedArticle(outlet, title, text, NOW - _age(age)))
    return main, related
