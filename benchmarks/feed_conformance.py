"""Feed content kept faithfully: Broadsheet's titles and content against feedparser's, field by field.

For every document of the parser test suites in ../shared/fixtures/feeds (node-feedparser,
feedjira, rss-parser, feedparser's own cases) and the vectors below, each item's title and
content are compared with feedparser's output for the same bytes, after normalising
whitespace: the title's text, the content's text and the content's images (the content is
what choose_content shows when the feed's content is used). A field where Broadsheet
differs is counted as wrong, and so is an item count that differs.

    .venv/bin/python benchmarks/feed_conformance.py [-v]

The remaining differences are feedparser's: it keeps the text of inline <svg> (the "W" logo
in five intertwingly.atom entries; Broadsheet drops SVG with its content), returns 20 items
for illegally-nested.xml where the suite expects 10 (the other 10 are empty), an empty entry
for incomplete-fields.atom, and no items for json_example.json without a JSON content type.
"""

from __future__ import annotations

import sys
from pathlib import Path

import feedparser
from lxml import etree
from lxml import html as lxml_html

from broadsheet.errors import FeedParseError
from broadsheet.extract import choose_content
from broadsheet.parse import parse_feed

FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "feeds"
SUITES = ("node-feedparser", "feedjira", "rss-parser", "feedparser-cases")
URL = "https://example.org/feed"
_HTML = {"text/html", "application/xhtml+xml"}

_ATOM = '<feed xmlns="http://www.w3.org/2005/Atom"><title>V</title>{}</feed>'
_RSS = "<rss version='2.0'><channel><title>V</title><link>https://example.org/</link>{}</channel></rss>"
VECTORS = {
    "text-title-dialog": _ATOM.format(
        '<entry><id>1</id><title type="text">The &lt;dialog&gt; element</title></entry>'
    ),
    "rss-title-blink": _RSS.format("<item><title>History of the &lt;blink&gt; tag</title></item>"),
    "double-escaped": _RSS.format(
        "<item><title>Use &amp;lt;img src=x onerror=alert(1)&amp;gt;</title></item>"
    ),
    "html-title-script": _ATOM.format(
        '<entry><id>2</id><title type="html">A &lt;script&gt;alert(1)&lt;/script&gt;'
        "&lt;!DOCTYPE html&gt; b &lt;b&gt;c&lt;/b&gt;</title></entry>"
    ),
    "image-only": _RSS.format(
        "<item><title>Comic</title><description>&lt;img src='https://example.org/c.png'"
        " alt='c'&gt;</description></item>"
    ),
    "inline-link-image": _RSS.format(
        "<item><title>Inline</title><description>Read &lt;a href='https://example.org/x'&gt;"
        "this&lt;/a&gt; &lt;img src='https://example.org/i.png'&gt;</description></item>"
    ),
    "script-style-noscript": _RSS.format(
        "<item><title>S</title><description>&lt;p&gt;one&lt;/p&gt;&lt;script&gt;var x=1"
        "&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;&lt;noscript&gt;n&lt;/noscript&gt;"
        "&lt;p&gt;two&lt;/p&gt;</description></item>"
    ),
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _fragment(markup: str) -> etree._Element | None:
    if not markup.strip():
        return None
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.LxmlError, ValueError):
        return None
    etree.strip_elements(root, "script", "style", "noscript", etree.Comment, with_tail=False)
    return root


def html_fields(markup: str) -> tuple[str, frozenset[str]]:
    """Text (whitespace removed, so block spacing does not count) and http(s) image sources."""
    root = _fragment(markup)
    if root is None:
        return "", frozenset()
    images = frozenset(
        src for src in root.xpath("//img/@src") if str(src).startswith(("http://", "https://"))
    )
    return "".join(root.text_content().split()), images


def reference_title(entry: dict[str, object]) -> str:
    """feedparser's title as the text a reader sees (HTML titles reduced to their text)."""
    title = str(entry.get("title") or "")
    detail = entry.get("title_detail") or {}
    if isinstance(detail, dict) and detail.get("type") in _HTML:
        root = _fragment(title)
        return _squash(root.text_content()) if root is not None else ""
    return _squash(title)


def reference_content(entry: dict[str, object]) -> str:
    content = entry.get("content") or []
    if isinstance(content, list) and content:
        return str(content[0].get("value") or "")
    return str(entry.get("summary") or "")


def compare(name: str, body: bytes, wrong: dict[str, list[str]]) -> int:
    """Count the fields compared for one document, recording the wrong ones by kind."""
    try:
        ours = parse_feed(body, URL).items
    except FeedParseError:
        return 0
    theirs = feedparser.parse(body).entries
    if len(ours) != len(theirs):
        wrong["items"].append(f"{name}: {len(ours)} items vs feedparser {len(theirs)}")
        return 1
    fields = 0
    for i, (item, entry) in enumerate(zip(ours, theirs, strict=True)):
        where = f"{name}[{i}]"
        want_title = reference_title(entry)
        if _squash(item.title) != want_title:
            wrong["title"].append(f"{where}: {item.title!r} vs {want_title!r}")
        feed_html = item.content_html or item.summary_html
        shown = choose_content(feed_html, None, base_url=item.url or URL).html
        text, images = html_fields(shown)
        want_text, want_images = html_fields(reference_content(entry))
        if text != want_text:
            wrong["content-text"].append(f"{where}: {text[:80]!r} vs {want_text[:80]!r}")
        if not want_images <= images:
            wrong["content-images"].append(f"{where}: missing {sorted(want_images - images)}")
        fields += 4
    return fields


def documents() -> list[tuple[str, bytes]]:
    docs = [(f"vector:{name}", body.encode()) for name, body in VECTORS.items()]
    for suite in SUITES:
        folder = FEEDS / suite
        if not folder.is_dir():
            print(f"skipped {suite}: {folder} is missing", file=sys.stderr)
            continue
        for path in sorted(folder.iterdir()):
            if (path.is_file() and not path.name.endswith((".md", ".json"))) or path.name.endswith(
                "example.json"
            ):
                docs.append((f"{suite}/{path.name}", path.read_bytes()))
    return docs


def main() -> None:
    wrong: dict[str, list[str]] = {
        k: [] for k in ("items", "title", "content-text", "content-images")
    }
    docs = documents()
    fields = sum(compare(name, body, wrong) for name, body in docs)
    print(f"documents={len(docs)} fields={fields} wrong={sum(map(len, wrong.values()))}")
    for kind, cases in wrong.items():
        print(f"  {kind:15} {len(cases)}")
        if "-v" in sys.argv:
            for case in cases:
                print(f"      {case}")


if __name__ == "__main__":
    main()
