"""A day of news on a local server in its own process, for benchmarks/ingest_bench.py.

Run as ``python benchmarks/_ingest_site.py --feeds N --items M``: it prints the port on stdout
and serves ``/feed/<i>.xml`` (RSS 2.0, M items) and ``/a/<k>.html`` (article k's page) until
stdin closes. Feed i holds articles i*M .. i*M+M-1, published over the last 24 hours.

Pages are real-sized: each is one of the fixture pages (pages/wcxb and pages/trafilatura_eval
under /work/shared/fixtures, read at run time, never copied) with its title, headline and
paragraphs replaced, so its boilerplate, markup and size are a real site's. The replacement
text comes from the news events of stories/basil_triplets.jsonl and
stories/allsides_neus_articles.jsonl: article k covers event k mod E with half its sentences
from that event and half from any event, so articles of one event form a story while no two
articles are copies (dedupe must not merge them). Each article has 2,000-8,000 characters of
text (news length); the template's paragraph slots after those are left empty. Everything is
seeded by k: every run serves the same bytes. Metadata that would tie the copies of one fixture page together (canonical
links, og:/twitter: tags, JSON-LD, charset declarations) is removed from the templates.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import html
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.server import LocalServer, Request, Response  # noqa: E402

FIXTURES = Path("/work/shared/fixtures")
PAGE_DIRS = (FIXTURES / "pages/wcxb", FIXTURES / "pages/trafilatura_eval")
EVENT_FILES = (
    FIXTURES / "stories/basil_triplets.jsonl",
    FIXTURES / "stories/allsides_neus_articles.jsonl",
)
MARK = "\ue000"  # placeholders in a template: MARK T MARK (title), MARK P<n> MARK (paragraph n)
DAY = 86_400
TEXT_CHARS = (2_000, 8_000)  # an article's text: news length; later paragraph slots stay empty


@dataclass(frozen=True)
class Event:
    """One news event: its headlines and its sentences."""

    titles: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """A fixture page split around its title and paragraph slots, with each slot's length."""

    parts: tuple[str, ...]  # text between placeholders
    slots: tuple[str, ...]  # "T" or "P" for each placeholder, in order
    lengths: tuple[int, ...]  # target characters of each "P" slot


def _split_sentences(text: str) -> list[str]:
    parts = (" ".join(s.split()) for s in re.split(r"(?<=[.!?”])\s+", text))
    return [s for s in parts if 40 <= len(s) <= 300]


def events() -> list[Event]:
    """The fixture corpora's events (story_id groups), each with 4 sentences at least."""
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for path in EVENT_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            titles, sentences = grouped.setdefault(row["story_id"], ([], []))
            if row.get("title"):
                titles.append(" ".join(row["title"].split()))
            sentences += _split_sentences(row.get("text") or "")
    return [Event(tuple(t), tuple(s)) for t, s in grouped.values() if t and len(s) >= 4]


def _template(raw: bytes) -> Template | None:
    """Cut one fixture page into a template, or None if it has fewer than 3 paragraphs."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(raw)
    except (ValueError, lxml.etree.ParserError):
        return None
    drop = root.xpath(
        "//link[@rel='canonical' or @rel='amphtml' or @rel='shortlink']"
        " | //meta[starts-with(@property,'og:') or starts-with(@name,'twitter:')"
        " or @charset or translate(@http-equiv,'CONTENT-TYPE','content-type')='content-type'"
        " or @itemprop] | //script[@type='application/ld+json'] | //base"
    )
    for el in drop:
        el.drop_tree()
    paragraphs = [p for p in root.xpath("//body//p") if len(p.text_content().strip()) >= 60]
    if len(paragraphs) < 3:
        return None
    lengths = []
    for n, p in enumerate(paragraphs):
        lengths.append(min(max(len(p.text_content().strip()), 120), 900))
        for child in list(p):
            p.remove(child)
        p.text = f"{MARK}P{n}{MARK}"
    for el in root.xpath("//title | (//h1)[1]"):
        for child in list(el):
            el.remove(child)
        el.text = f"{MARK}T{MARK}"
    pieces = lxml.html.tostring(root, encoding="unicode").split(MARK)
    parts, slots = tuple(pieces[0::2]), tuple(s[0] for s in pieces[1::2])
    return Template(parts, slots, tuple(lengths))


def templates() -> list[Template]:
    """Every fixture page with 3 paragraphs or more, as a template (sorted by file name)."""
    out = []
    for folder in PAGE_DIRS:
        for path in sorted(folder.glob("*.html.gz")):
            t = _template(gzip.decompress(path.read_bytes()))
            if t is not None:
                out.append(t)
    return out


class Day:
    """Article k of a day of news: its headline, paragraphs, time, page and feed item."""

    def __init__(self, total: int, now: float | None = None) -> None:
        self.total = total
        self.events = events()
        self.pool = [s for e in self.events for s in e.sentences]
        self.templates = templates()
        self.now = int(now if now is not None else time.time())

    def article(self, k: int) -> tuple[str, list[str]]:
        """Article k's headline and a paragraph for each slot of its page's template."""
        rng = random.Random(k * 7_919 + 1)
        event = self.events[k % len(self.events)]
        extra = " ".join(rng.choice(self.pool).rstrip(".").split()[:5])
        title = f"{rng.choice(event.titles)}: {extra}"
        budget = rng.randint(*TEXT_CHARS)
        paragraphs = []
        for length in self.templates[k % len(self.templates)].lengths:
            chosen: list[str] = []
            while sum(map(len, chosen)) < min(length, budget):
                chosen.append(rng.choice(event.sentences if rng.random() < 0.5 else self.pool))
            paragraphs.append(" ".join(chosen))
            budget -= len(paragraphs[-1])
        return title, paragraphs

    def published(self, k: int) -> int:
        """Article k's publication time: spread over the 24 hours before ``now``."""
        return self.now - DAY + (k * DAY) // max(self.total, 1)

    def page(self, k: int) -> bytes:
        """Article k's web page."""
        template = self.templates[k % len(self.templates)]
        title, paragraphs = self.article(k)
        out, n = [template.parts[0]], 0
        for slot, part in zip(template.slots, template.parts[1:], strict=True):
            if slot == "T":
                out.append(html.escape(title))
            else:
                out.append(html.escape(paragraphs[n]))
                n += 1
            out.append(part)
        head = '<!DOCTYPE html>\n<meta charset="utf-8">\n'
        return (head + "".join(out)).encode("utf-8")

    def item(self, base: str, k: int) -> str:
        """Article k as an RSS item linking to its page."""
        title, paragraphs = self.article(k)
        when = email.utils.formatdate(self.published(k), usegmt=True)
        return (
            f"<item><title>{html.escape(title)}</title><link>{base}/a/{k}.html</link>"
            f'<guid isPermaLink="false">urn:ingest-bench:{k}</guid><pubDate>{when}</pubDate>'
            f"<description>{html.escape(paragraphs[0][:300])}</description></item>\n"
        )


class Site:
    """Serves the feeds and the pages of a Day; pages are built when asked (a few ms each)."""

    def __init__(self, feeds: int, items: int) -> None:
        self.feeds, self.items = feeds, items
        self.day = Day(feeds * items)
        self.server = LocalServer()
        self.server.handle = self.handle  # type: ignore[method-assign]  # skip its request log

    def feed(self, i: int) -> bytes:
        base = f"http://127.0.0.1:{self.server.port}"
        first = i * self.items
        entries = "".join(
            self.day.item(base, k) for k in range(first + self.items - 1, first - 1, -1)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>Ingest News {i}</title><link>{base}/site/{i}/</link>"
            f"<description>Local benchmark feed {i}</description><language>en</language>\n"
            f"{entries}</channel></rss>\n"
        ).encode()

    def handle(self, req: Request) -> Response:
        m = re.fullmatch(r"/(feed|a)/(\d+)\.(xml|html)", req.route)
        if m and m[1] == "feed" and int(m[2]) < self.feeds:
            return Response(200, self.feed(int(m[2])), {"Content-Type": "application/rss+xml"})
        if m and m[1] == "a" and int(m[2]) < self.feeds * self.items:
            body = self.day.page(int(m[2]))
            return Response(200, body, {"Content-Type": "text/html; charset=utf-8"})
        return Response(404, b"not found")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    args = ap.parse_args()
    site = Site(args.feeds, args.items)
    with site.server as server:
        print(server.port, flush=True)
        sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == "__main__":
    main()
