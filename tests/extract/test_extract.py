"""extract_article on real fixture pages, on embeds, and on input that holds no article."""

from __future__ import annotations

import contextlib
import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.errors import ExtractionError
from broadsheet.extract import extract_article, sanitize_html
from tests.support.shared import FIXTURES, require

WCXB = FIXTURES / "pages" / "wcxb"
PROSE = " ".join(
    f"Sentence number {i} of the report explains what happened in the town." for i in range(40)
)


def test_fixture_pages_metadata_and_text() -> None:
    """On a dozen real pages: text is clean paragraphs, metadata mostly matches the ground truth."""
    rows = [
        json.loads(line) for line in require(WCXB / "groundtruth.jsonl").open(encoding="utf-8")
    ][:12]
    titles = dates = authors = 0
    for row in rows:
        with gzip.open(WCXB / row["file"], "rt", encoding="utf-8") as handle:
            html = handle.read()
        article = extract_article(html, row["url"])
        titles += int(" ".join((article.title or "").split()).casefold() == row["title"].casefold())
        dates += int(bool(row["date"]) and (article.published or "").startswith(row["date"]))
        authors += int(bool(row["author"]) and row["author"] in article.authors)
        assert article.word_count > 150 and "\n\n" in article.text
        assert "<script" not in article.html and article.html.startswith("<")
    assert (titles, dates, authors) >= (6, 9, 7), (titles, dates, authors)


def test_embedded_tweet_is_reported_not_mixed_into_text() -> None:
    html = f"""<html><head><title>Storm</title></head><body><article><h1>Storm</h1>
    <p>{PROSE}</p>
    <blockquote class="twitter-tweet"><p>Tweeted words about wind.</p>&mdash; Weather Desk (@wxdesk)
    <a href="https://twitter.com/wxdesk/status/99">May 1, 2024</a></blockquote>
    <p>{PROSE}</p></article></body></html>"""
    article = extract_article(html, "https://news.example.org/storm")
    assert "Tweeted words" not in article.text
    assert [(e.platform, e.handle) for e in article.embeds] == [("x", "@wxdesk")]


def test_authors_from_byline_are_split() -> None:
    html = f"""<html><head><meta name="author" content="By Ann Lee and Bo Chan"></head>
    <body><article><p>{PROSE}</p></article></body></html>"""
    assert extract_article(html).authors == ("Ann Lee", "Bo Chan")


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        b"",
        b"\x00\x01\x02\xff" * 20,
        "just some words",
        "<html><body></body></html>",
        '{"json": true}',
        "%PDF-1.4 binary",
    ],
)
def test_no_article_raises_extraction_error(junk: str | bytes) -> None:
    with pytest.raises(ExtractionError, match=r"no article text found at https://x\.example/p"):
        extract_article(junk, "https://x.example/p")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_fuzz_only_extraction_error(data: str | bytes) -> None:
    with contextlib.suppress(ExtractionError):
        extract_article(data)


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnopqrstuvwxyz:;&#")), max_size=400)
)
def test_fuzz_markup_soup(data: str) -> None:
    with contextlib.suppress(ExtractionError):
        extract_article(data)
    cleaned = sanitize_html(data, "https://x.example/")
    assert "<script" not in cleaned.lower()
