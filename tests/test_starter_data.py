"""Validate the bundled starter data: the starter OPML and the offline demo corpus.

The demo corpus exists to make Broadsheet's features visible without a network
(story clustering, near-duplicate detection, quote extraction in every common
style, flattened social embeds, language detection, "where outlets disagree").
These tests guard the properties that make that possible.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from itertools import pairwise
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree

from broadsheet.starter import demo_articles_path, starter_opml_path

WINDOW_START = datetime(2026, 11, 18, 0, 0, tzinfo=UTC)
WINDOW_END = datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC)
MIN_WORDS, MAX_WORDS = 250, 700

EMBED_LINE = re.compile(r"^— .+ \(@\w+\) \w+ \d{1,2}, \d{4}$", re.MULTILINE)

FIELD_TYPES = {
    "url": str,
    "title": str,
    "text": str,
    "published": str,
    "source": str,
    "source_url": str,
    "feed_url": str,
    "authors": list,
    "categories": list,
    "language": str,
}


# --------------------------------------------------------------------- helpers


def _load_articles() -> list[dict]:
    lines = demo_articles_path().read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return _load_articles()


@pytest.fixture(scope="module")
def english_texts(articles) -> list[str]:
    return [a["text"] for a in articles if a["language"] == "en"]


def _parse_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _feeds_with_paths() -> list[tuple[tuple[str, ...], dict[str, str]]]:
    """Return (category path, attributes) for every feed outline in the OPML."""
    root = ElementTree.parse(starter_opml_path()).getroot()
    body = root.find("body")
    assert body is not None
    found: list[tuple[tuple[str, ...], dict[str, str]]] = []

    def walk(node, path: tuple[str, ...]) -> None:
        for child in node.findall("outline"):
            if child.get("xmlUrl"):
                found.append((path, dict(child.attrib)))
            else:
                walk(child, (*path, child.get("text") or child.get("title") or ""))

    walk(body, ())
    return found


# --------------------------------------------------------------------- package


def test_helpers_point_at_existing_files():
    assert starter_opml_path().is_file()
    assert demo_articles_path().is_file()
    assert starter_opml_path().name == "feeds.opml"
    assert demo_articles_path().name == "demo_articles.jsonl"


# --------------------------------------------------------------------- OPML


def test_opml_is_version_2():
    root = ElementTree.parse(starter_opml_path()).getroot()
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert root.find("head/title") is not None


def test_opml_has_enough_real_http_feeds():
    feeds = _feeds_with_paths()
    assert len(feeds) >= 15
    urls = [attrs["xmlUrl"] for _, attrs in feeds]
    assert len(urls) == len(set(urls)), "duplicate xmlUrl in starter OPML"
    for _, attrs in feeds:
        for key in ("text", "title", "xmlUrl", "htmlUrl", "type"):
            assert attrs.get(key), f"{attrs.get('xmlUrl')} lacks {key}"
        assert attrs["type"] == "rss"
        for key in ("xmlUrl", "htmlUrl"):
            parts = urlsplit(attrs[key])
            assert parts.scheme in {"http", "https"} and parts.netloc, attrs[key]
            assert not parts.hostname.endswith(".example"), "starter OPML must list real feeds"


def test_opml_categories_are_nested():
    feeds = _feeds_with_paths()
    assert all(path for path, _ in feeds), "every feed belongs to a category"
    assert any(len(path) >= 2 for path, _ in feeds), "expected nested categories such as News/World"
    top_level = {path[0] for path, _ in feeds}
    assert len(top_level) >= 3
    assert {"News", "Technology", "Science"} <= top_level


# --------------------------------------------------------------------- corpus shape


def test_every_line_is_a_json_object(articles):
    raw = demo_articles_path().read_text(encoding="utf-8")
    assert raw.endswith("\n")
    assert 30 <= len(articles) <= 45


def test_fields_and_types(articles):
    for a in articles:
        for field, kind in FIELD_TYPES.items():
            assert isinstance(a.get(field), kind), (
                f"{a.get('url')}: {field} should be {kind.__name__}"
            )
        assert "image" in a and a["image"] is None
        assert a["title"].strip() == a["title"] and 10 <= len(a["title"]) <= 120
        assert a["authors"] and all(isinstance(x, str) and x.strip() for x in a["authors"])
        assert a["categories"] and all(isinstance(x, str) and x.strip() for x in a["categories"])
        assert a["language"] in {"en", "de", "fr"}
        assert a.get("demo_event") is None or isinstance(a["demo_event"], str)


def test_urls_unique_and_fictional(articles):
    urls = [a["url"] for a in articles]
    assert len(urls) == len(set(urls))
    for a in articles:
        hosts = {urlsplit(a[key]).hostname for key in ("url", "source_url", "feed_url")}
        assert len(hosts) == 1, f"{a['url']}: url, source_url and feed_url differ in host"
        (host,) = hosts
        assert host.endswith(".example"), a["url"]
        assert urlsplit(a["url"]).scheme == "https"


def test_dates_parse_and_lie_in_window(articles):
    for a in articles:
        assert a["published"].endswith("Z"), a["url"]
        when = _parse_date(a["published"])
        assert WINDOW_START <= when <= WINDOW_END, a["url"]
    days = {_parse_date(a["published"]).date() for a in articles}
    assert len(days) >= 6, "publication dates should be spread across the week"


def test_text_bounds_and_paragraphs(articles):
    for a in articles:
        text = a["text"]
        words = len(text.split())
        assert MIN_WORDS <= words <= MAX_WORDS, f"{a['url']}: {words} words"
        assert text == text.strip()
        assert "\n\n\n" not in text
        paragraphs = text.split("\n\n")
        assert len(paragraphs) >= 5
        assert all(p.strip() == p and p for p in paragraphs)


def test_outlets(articles):
    sources = defaultdict(set)
    for a in articles:
        sources[a["source"]].add(urlsplit(a["source_url"]).hostname)
    assert len(sources) >= 6
    for name, hosts in sources.items():
        assert len(hosts) == 1, f"{name} uses more than one domain"


def test_languages(articles):
    languages = [a["language"] for a in articles]
    assert languages.count("en") >= 30
    assert {"de", "fr"} <= set(languages)
    assert 2 <= sum(lang != "en" for lang in languages) <= 4


# --------------------------------------------------------------------- features the demo must show


def test_events_are_covered_by_several_outlets(articles):
    outlets = defaultdict(set)
    for a in articles:
        if a.get("demo_event"):
            outlets[a["demo_event"]].add(a["source"])
    assert len(outlets) >= 6
    for event, sources in outlets.items():
        assert len(sources) >= 2, f"event {event} covered by {sources}"
    assert any(len(s) >= 4 for s in outlets.values())
    singles = [a for a in articles if not a.get("demo_event")]
    assert len(singles) >= 3, "some single-outlet pieces keep clustering honest"


@pytest.mark.parametrize(
    ("event", "one", "other"),
    [
        ("northern-blackout", "180,000", "210,000"),
        ("autumn-budget", "2.1 billion", "2.4 billion"),
        ("rates-decision", "7-2", "six to three"),
        ("storm-ingrid", "400 homes", "350 homes"),
        ("kestrel-gigafactory", "3,000 jobs", "2,800 jobs"),
    ],
)
def test_outlets_disagree_on_a_figure(articles, event, one, other):
    texts = [a["text"] for a in articles if a.get("demo_event") == event]
    with_one = {i for i, t in enumerate(texts) if one in t}
    with_other = {i for i, t in enumerate(texts) if other in t}
    assert with_one and with_other and with_one != with_other


def test_near_duplicate_wire_copies(articles):
    by_url = {a["url"]: a for a in articles}
    copies = [a for a in articles if a.get("demo_duplicate_of")]
    assert len(copies) >= 2
    for copy in copies:
        original = by_url[copy["demo_duplicate_of"]]
        assert copy["source"] != original["source"]
        assert copy["url"] != original["url"]
        ratio = difflib.SequenceMatcher(None, copy["text"], original["text"]).ratio()
        assert 0.85 <= ratio < 1.0, f"{copy['url']}: similarity {ratio:.2f}"
        assert copy["demo_event"] == original["demo_event"]


def test_flattened_social_embeds(articles):
    with_embed = [a for a in articles if EMBED_LINE.search(a["text"])]
    assert len(with_embed) >= 2
    for a in with_embed:
        for paragraph in a["text"].split("\n\n"):
            lines = paragraph.split("\n")
            if any(EMBED_LINE.fullmatch(line) for line in lines):
                assert len(lines) >= 2, "the post's text precedes the attribution line"
                assert EMBED_LINE.fullmatch(lines[-1])


# --------------------------------------------------------------------- quote styles

OPENERS = "'\"“‘"


def _multi_paragraph_quotes(texts: list[str]) -> set[str]:
    """Return the opening marks of British-style multi-paragraph quotes found."""
    found = set()
    for text in texts:
        paragraphs = text.split("\n\n")
        for first, second in pairwise(paragraphs):
            mark = first[:1]
            if mark not in OPENERS or second[:1] != mark:
                continue
            if mark == "“":
                unclosed = "”" not in first
            elif mark == '"':
                unclosed = first.count('"') % 2 == 1
            elif mark == "'":
                unclosed = not re.search(r"[.,!?;]'(?:\s|$)", first)
            else:
                unclosed = not re.search(r"[.,!?;]’(?:\s|$)", first)
            if unclosed:
                found.add(mark)
    return found


QUOTE_STYLES = {
    "straight double": r'"[A-Z][^"\n]{5,}"',
    "straight single": r"(?:^|\s)'[A-Z][^'\n]{5,}?[.,!?]'(?=\s|$)",
    "curly double": r"“[^“”\n]{5,}”",
    "curly single": r"‘[^‘\n]{5,}?[.,!?]’",
    "colon introduction": r"\b(?:said|added|told [\w ]+?|replied):\s+['\"“‘][A-Z]",
    "attribution in the middle": r"[,]['\"’”] (?:he|she|they|[A-Z][\w.]*(?: [A-Z][\w.]*)*) said, ['\"‘“][a-z]",
    "attribution after": r"[,.]['\"’”] (?:he|she|they) said\.",
    "attribution after, 'said of'": r"[,]['\"’”] (?:he|she|they) said of [^.\n]+\.",
    "pronoun speaker": r"\b(?:He|She) said\b",
    "descriptive speaker": r"[,]['\"’”] the (?:minister|bank|company|authority|union)\b[^.\n]{0,20} said",
}


@pytest.mark.parametrize("style", sorted(QUOTE_STYLES))
def test_quote_style_present(english_texts, style):
    pattern = re.compile(QUOTE_STYLES[style], re.MULTILINE)
    assert any(pattern.search(t) for t in english_texts), f"no {style} quote in the corpus"


def test_multi_paragraph_quotes(english_texts):
    marks = _multi_paragraph_quotes(english_texts)
    assert "'" in marks, "need a multi-paragraph quote in British single quotes"
    assert "“" in marks, "need a multi-paragraph quote in curly double quotes"


def test_indirect_speech(english_texts):
    speaker = re.compile(
        r"\b(?:Mr|Ms|Mrs|Dr|Sir) [A-Z][a-z]+ said (?:on \w+ (?:\w+ )?)?(?:that |it )"
    )
    quote_mark = re.compile(r"(?:^|\s)['\"“‘]|['\"”’](?:\s|$)")
    sentences = [s for t in english_texts for s in re.split(r"(?<=[.!?])\s+", t)]
    indirect = [s for s in sentences if speaker.search(s) and not quote_mark.search(s)]
    assert indirect, "need reported speech without quote marks"
    assert any("Ms Marsh said" in s and "difficult week" in s for s in indirect)


def test_foreign_language_quote_marks(articles):
    german = " ".join(a["text"] for a in articles if a["language"] == "de")
    french = " ".join(a["text"] for a in articles if a["language"] == "fr")
    assert re.search(r"„[^“]+“", german)
    assert re.search(r"« [^»]+ »", french)


def test_honorifics_present(english_texts):
    joined = "\n".join(english_texts)
    for honorific in ("Sir ", "Dr ", "Ms ", "Mr "):
        assert honorific in joined
